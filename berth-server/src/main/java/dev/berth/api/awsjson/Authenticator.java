package dev.berth.api.awsjson;

import dev.berth.auth.Principal;
import dev.berth.auth.SigV4Verifier.PayloadCheck;
import dev.berth.auth.SignedRequest;
import java.util.Set;

/** Verifies a signed request and names its principal (SigV4 in production). */
@FunctionalInterface
public interface Authenticator {
  /**
   * Checks what the headers alone prove, before the body is read (issue 9, item 6): refuses a
   * credential scope naming a service other than one of {@code services}, the signing names the API
   * answering the request takes (item 4). The request's payload hash is ignored; the returned check
   * verifies the signature over the body's hash.
   */
  PayloadCheck precheck(SignedRequest head, Set<String> services);

  /** Verifies a request whose body hash is known. */
  default Principal authenticate(SignedRequest request, Set<String> services) {
    return precheck(request, services).verify(request.payloadSha256());
  }
}
