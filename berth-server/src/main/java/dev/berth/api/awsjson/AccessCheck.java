package dev.berth.api.awsjson;

/**
 * Authorizes one action of a principal on a resource, throwing {@code DENIED} with AWS's wording
 * when the policies say no. Shared by every AWS API.
 */
@FunctionalInterface
public interface AccessCheck {
  void check(CallContext call, String action, String resourceArn);
}
