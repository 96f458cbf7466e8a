package dev.berth.api.organizations;

import dev.berth.api.awsjson.AccessCheck;
import dev.berth.api.awsjson.CallContext;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.organizations.Membership;
import dev.berth.organizations.OrganizationErrors;
import dev.berth.organizations.OrganizationService;

/**
 * Who may call: principals of the management account whose identity policies allow {@code
 * organizations:<Operation>} (its root always); a member account only where AWS lets one
 * (DescribeOrganization), else AccessDeniedException; an account outside the organization gets
 * AWSOrganizationsNotInUseException.
 */
final class OrganizationsAccess {
  private final OrganizationService organizations;
  private final AccessCheck policies;

  OrganizationsAccess(OrganizationService organizations, AccessCheck policies) {
    this.organizations = organizations;
    this.policies = policies;
  }

  /** Checks the call from the management account on {@code resourceArn} ("*" when none). */
  void management(CallContext call, String resourceArn) {
    check(call, false, resourceArn);
  }

  /** Checks a call any account of the organization may make. */
  void anyMember(CallContext call) {
    check(call, true, "*");
  }

  private void check(CallContext call, boolean membersMay, String resourceArn) {
    Membership m = organizations.membership(call.principal().account());
    if (m == Membership.NONE) {
      throw OrganizationErrors.notInUse();
    }
    if (m == Membership.MEMBER && !membersMay) {
      throw OrganizationErrors.accessDenied();
    }
    try {
      policies.check(call, "organizations:" + call.operation(), resourceArn);
    } catch (RegistryException e) {
      if (e.kind() == ErrorKind.DENIED) {
        throw OrganizationErrors.accessDenied();
      }
      throw e;
    }
  }
}
