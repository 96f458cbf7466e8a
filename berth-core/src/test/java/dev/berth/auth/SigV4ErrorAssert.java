package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that verification fails with a given kind. */
final class SigV4ErrorAssert {
  private SigV4ErrorAssert() {}

  /** The failure, after checking it is a {@link RegistryException} of the kind. */
  static RegistryException assertFails(ThrowingCallable call, ErrorKind kind) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(RegistryException.class);
    RegistryException failure = (RegistryException) thrown;
    assertThat(failure.kind()).as(failure.getMessage()).isEqualTo(kind);
    return failure;
  }
}
