package dev.berth.meta;

import dev.berth.model.AccountId;
import java.time.Instant;

/**
 * An IAM user, group or role of an account.
 *
 * @param id the stable unique id ({@code AIDA...}, {@code AGPA...}, {@code AROA...})
 * @param trustPolicy a role's assume-role policy document; empty for users and groups
 * @param description a role's description; empty otherwise
 * @param maxSessionSeconds a role's maximum session duration; 0 otherwise
 */
public record IamEntity(
    IamEntity.Type type,
    AccountId account,
    String name,
    String id,
    String path,
    Instant createdAt,
    String trustPolicy,
    String description,
    int maxSessionSeconds) {

  /** What kind of IAM entity. */
  public enum Type {
    USER("user"),
    GROUP("group"),
    ROLE("role");

    private final String arnPart;

    Type(String arnPart) {
      this.arnPart = arnPart;
    }

    public String arnPart() {
      return arnPart;
    }
  }

  public String arn() {
    return "arn:aws:iam::" + account.value() + ":" + type.arnPart() + path + name;
  }
}
