package dev.berth.api.awsjson;

import dev.berth.auth.Principal;
import dev.berth.auth.SignedRequest;

/** Verifies a signed request and names its principal (SigV4 in production). */
@FunctionalInterface
public interface Authenticator {
  Principal authenticate(SignedRequest request);
}
