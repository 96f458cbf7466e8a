package dev.berth.auth;

import dev.berth.model.AccountId;

/**
 * Who made a request.
 *
 * @param account the principal's account
 * @param arn e.g. {@code arn:aws:iam::123456789012:root}, {@code ...:user/alice} or {@code
 *     arn:aws:sts::123456789012:assumed-role/pusher/ci}
 * @param name the user name, the role-session name, or {@code root}
 * @param accessKeyId the access key the request was signed with
 * @param type what kind of principal
 * @param sourceArn the identity whose policies apply: the user or root ARN itself, or the role's
 *     ARN for an assumed-role session
 */
public record Principal(
    AccountId account,
    String arn,
    String name,
    String accessKeyId,
    Principal.Type type,
    String sourceArn) {

  /** Kinds of principal. */
  public enum Type {
    ROOT,
    USER,
    ASSUMED_ROLE
  }

  /** The root principal of an account. */
  public static Principal root(AccountId account, String accessKeyId) {
    String arn = "arn:aws:iam::" + account.value() + ":root";
    return new Principal(account, arn, "root", accessKeyId, Type.ROOT, arn);
  }

  /** An IAM user ({@code path} starts and ends with {@code /}). */
  public static Principal user(AccountId account, String path, String name, String accessKeyId) {
    String arn = "arn:aws:iam::" + account.value() + ":user" + path + name;
    return new Principal(account, arn, name, accessKeyId, Type.USER, arn);
  }

  /** A session of an assumed role. */
  public static Principal assumedRole(
      AccountId account, String roleArn, String roleName, String sessionName, String accessKeyId) {
    String arn =
        "arn:aws:sts::" + account.value() + ":assumed-role/" + roleName + "/" + sessionName;
    return new Principal(account, arn, sessionName, accessKeyId, Type.ASSUMED_ROLE, roleArn);
  }
}
