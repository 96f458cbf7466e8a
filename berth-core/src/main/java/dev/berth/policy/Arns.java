package dev.berth.policy;

import dev.berth.model.AccountId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ARNs of AWS principals: account roots, users, roles, role sessions, federated users. */
final class Arns {
  private static final String NAME = "[\\w+=,.@-]+";
  private static final Pattern PRINCIPAL =
      Pattern.compile("arn:(aws[a-z-]*):(iam|sts)::([0-9]{12}):(.+)");
  private static final Pattern IAM_RESOURCE =
      Pattern.compile("root|(?:user|role)(?:/" + NAME + ")+");
  private static final Pattern STS_RESOURCE =
      Pattern.compile("assumed-role/" + NAME + "/" + NAME + "|federated-user/" + NAME);
  private static final Pattern SESSION =
      Pattern.compile("arn:(aws[a-z-]*):sts::([0-9]{12}):assumed-role/(" + NAME + ")/" + NAME);

  private Arns() {}

  static String root(String partition, String account) {
    return "arn:" + partition + ":iam::" + account + ":root";
  }

  /**
   * The canonical form of an AWS principal written in a policy: an account id becomes the account
   * root ARN; a well-formed principal ARN stays as it is; anything else (including partial
   * wildcards, which IAM does not allow in principals) is empty.
   */
  static Optional<String> principal(String value) {
    if (AccountId.isValid(value)) {
      return Optional.of(root("aws", value));
    }
    Matcher m = PRINCIPAL.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    Pattern resource = m.group(2).equals("iam") ? IAM_RESOURCE : STS_RESOURCE;
    return resource.matcher(m.group(4)).matches() ? Optional.of(value) : Optional.empty();
  }

  /** The partition and account of a principal ARN, as {@code [partition, account]}. */
  static Optional<String[]> partitionAndAccount(String arn) {
    Matcher m = PRINCIPAL.matcher(arn);
    return m.matches() ? Optional.of(new String[] {m.group(1), m.group(3)}) : Optional.empty();
  }

  /** The role ARN (without path) a role-session ARN belongs to. */
  static Optional<String> roleOfSession(String sessionArn) {
    Matcher m = SESSION.matcher(sessionArn);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of("arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3));
  }
}
