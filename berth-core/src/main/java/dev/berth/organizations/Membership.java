package dev.berth.organizations;

/** Where an account stands in the organization. */
public enum Membership {
  /** The management account: it may manage the organization. */
  MANAGEMENT,
  /** A member account: it may describe the organization, nothing more. */
  MEMBER,
  /** An account outside the organization (AWS: AWSOrganizationsNotInUseException). */
  NONE
}
