package dev.berth.api.iam;

import dev.berth.api.awsjson.AccessCheck;
import dev.berth.api.awsjson.CallContext;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.iam.IamService;
import dev.berth.meta.IamEntity;
import dev.berth.model.AccountId;

/** Authorizes {@code iam:<Action>} on the IAM entity a request names, in the caller's account. */
final class IamAccess {
  private final IamService iam;
  private final AccessCheck access;

  IamAccess(IamService iam, AccessCheck access) {
    this.iam = iam;
    this.access = access;
  }

  static String arn(AccountId account, IamEntity.Type type, String path, String name) {
    return "arn:aws:iam::" + account.value() + ":" + type.arnPart() + path + name;
  }

  /** Checks the action on the entity (its real path when it exists) and returns the account. */
  AccountId authorize(CallContext call, String action, IamEntity.Type type, String name) {
    AccountId account = call.principal().account();
    String path = iam.find(type, account, name).map(IamEntity::path).orElse("/");
    access.check(call, "iam:" + action, arn(account, type, path, name));
    return account;
  }

  /**
   * Checks the action on a managed policy's ARN. A customer policy of another account is {@code
   * NO_SUCH_ENTITY} before any policy is asked, whatever the caller's policies say: IAM is per
   * account, and the answer must not depend on whether the foreign policy exists.
   */
  void checkPolicy(CallContext call, String action, String policyArn) {
    if (!policyArn.startsWith("arn:aws:iam::aws:policy/")
        && !policyArn.startsWith("arn:aws:iam::" + call.principal().account().value() + ":")) {
      throw new RegistryException(
          ErrorKind.NO_SUCH_ENTITY,
          "Policy " + policyArn + " does not exist or is not attachable.");
    }
    access.check(call, action, policyArn);
  }

  /** Checks the action on a resource ARN. */
  void check(CallContext call, String action, String resourceArn) {
    access.check(call, action, resourceArn);
  }
}
