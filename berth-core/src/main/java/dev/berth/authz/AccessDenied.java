package dev.berth.authz;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;

/**
 * A {@link ErrorKind#DENIED} refusal by the policies, carrying the decision so that the edge can
 * say in its access log which kind of policy denied (issue 11); answered like any other {@code
 * DENIED}.
 */
public final class AccessDenied extends RegistryException {
  private static final long serialVersionUID = 1L;

  private final transient Decision decision;

  AccessDenied(String message, Decision decision) {
    super(ErrorKind.DENIED, message);
    this.decision = decision;
  }

  /** The decision that denied: explicit or implicit, the deciding statements and the reason. */
  public Decision decision() {
    return decision;
  }
}
