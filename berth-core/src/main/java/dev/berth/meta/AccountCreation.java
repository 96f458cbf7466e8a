package dev.berth.meta;

import dev.berth.model.AccountId;
import java.time.Instant;
import java.util.Optional;

/**
 * One {@code CreateAccount} request and how it ended (AWS's {@code CreateAccountStatus}).
 *
 * @param id {@code car-} and 32 lowercase letters or digits
 * @param completedAt set once the request succeeded or failed
 * @param accountId the new account, once it succeeded
 * @param failureReason AWS's reason ({@code EMAIL_ALREADY_EXISTS}, ...), once it failed
 */
public record AccountCreation(
    String id,
    String organizationId,
    String accountName,
    AccountCreation.State state,
    Instant requestedAt,
    Optional<Instant> completedAt,
    Optional<AccountId> accountId,
    Optional<String> failureReason) {

  /** AWS's {@code CreateAccountState}. */
  public enum State {
    IN_PROGRESS,
    SUCCEEDED,
    FAILED
  }
}
