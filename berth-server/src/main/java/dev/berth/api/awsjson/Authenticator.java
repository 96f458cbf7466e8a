package dev.berth.api.awsjson;

import dev.berth.auth.Principal;
import dev.berth.auth.SigV4Verifier.PayloadCheck;
import dev.berth.auth.SignedRequest;

/** Verifies a signed request and names its principal (SigV4 in production). */
@FunctionalInterface
public interface Authenticator {
  /**
   * Checks what the headers alone prove, before the body is read (issue 9, item 6); the request's
   * payload hash is ignored. The returned check verifies the signature over the body's hash.
   */
  PayloadCheck precheck(SignedRequest head);

  /** Verifies a request whose body hash is known. */
  default Principal authenticate(SignedRequest request) {
    return precheck(request).verify(request.payloadSha256());
  }
}
