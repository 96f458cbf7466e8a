package dev.berth.organizations;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;

/** The domain errors of organizations, with AWS Organizations' wording. */
public final class OrganizationErrors {
  private OrganizationErrors() {}

  /** AWS's message when a member account (or a principal without permission) calls. */
  public static final String ACCESS_DENIED = "You don't have permissions to access this resource.";

  /** AWS's AWSOrganizationsNotInUseException message. */
  public static final String NOT_IN_USE = "Your account is not a member of an organization.";

  static RegistryException accountNotFound() {
    return new RegistryException(
        ErrorKind.NO_SUCH_ENTITY, "You specified an account that doesn't exist.");
  }

  static RegistryException creationNotFound() {
    return new RegistryException(
        ErrorKind.NO_SUCH_ENTITY,
        "We can't find a create account request with the CreateAccountRequestId that you"
            + " specified.");
  }

  /** A member account (or a principal without permission) may not call the operation. */
  public static RegistryException accessDenied() {
    return new RegistryException(ErrorKind.DENIED, ACCESS_DENIED);
  }

  /** The caller's account is in no organization ({@code UNSUPPORTED}: AWS has no such account). */
  public static RegistryException notInUse() {
    return new RegistryException(ErrorKind.UNSUPPORTED, NOT_IN_USE);
  }

  static RegistryException invalid(String message) {
    return new RegistryException(ErrorKind.INVALID_PARAMETER, message);
  }
}
