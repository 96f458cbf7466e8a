package dev.berth.api.awsjson;

import dev.berth.auth.Principal;
import dev.berth.auth.SignedRequest;
import java.util.Set;

/** Verifies a signed request and names its principal (SigV4 in production). */
@FunctionalInterface
public interface Authenticator {
  /**
   * The request's principal; refuses a signature whose credential scope names a service other than
   * one of {@code services}, the signing names the API answering the request takes.
   */
  Principal authenticate(SignedRequest request, Set<String> services);
}
