package dev.berth.meta;

import dev.berth.model.AccountId;
import java.time.Instant;

/** A member account of an organization (its management account included). */
public record OrganizationAccount(
    AccountId id,
    String organizationId,
    String name,
    String email,
    OrganizationAccount.Status status,
    OrganizationAccount.JoinedMethod joinedMethod,
    Instant joinedAt) {

  /** AWS's account status. */
  public enum Status {
    ACTIVE,
    SUSPENDED,
    PENDING_CLOSURE
  }

  /** How the account joined: created by the organization, or invited (the management account). */
  public enum JoinedMethod {
    INVITED,
    CREATED
  }
}
