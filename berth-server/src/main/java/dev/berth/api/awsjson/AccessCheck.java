package dev.berth.api.awsjson;

import dev.berth.auth.Principal;

/**
 * Authorizes one action of a principal on a resource, throwing {@code DENIED} with AWS's wording
 * when the policies say no. Shared by every AWS API.
 */
@FunctionalInterface
public interface AccessCheck {
  void check(Principal principal, String action, String resourceArn);
}
