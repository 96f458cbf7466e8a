package dev.berth.api.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AccessCheck;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.iam.IamService;
import dev.berth.meta.IamEntity;
import dev.berth.model.AccountId;
import java.util.LinkedHashMap;
import java.util.Map;

/** Users, groups, roles, group membership and access keys. */
final class IamIdentityOperations {
  private final IamService iam;
  private final IamAccess access;

  IamIdentityOperations(IamService iam, AccessCheck access) {
    this.iam = iam;
    this.access = new IamAccess(iam, access);
  }

  /** Authorizes {@code iam:<action>} on the entity named in the request. */
  void register(Map<String, AwsOperation> ops) {
    for (IamEntity.Type type : IamEntity.Type.values()) {
      String noun = IamWire.noun(type);
      ops.put("Create" + noun, (call, in) -> create(call, in, type, noun));
      ops.put(
          "Delete" + noun,
          (call, in) -> {
            String name = IamWire.text(in, noun + "Name");
            iam.delete(type, access.authorize(call, "Delete" + noun, type, name), name);
            return Map.of();
          });
      ops.put(
          "List" + noun + "s",
          (call, in) -> {
            AccountId account = call.principal().account();
            access.check(
                call,
                "iam:List" + noun + "s",
                "arn:aws:iam::" + account.value() + ":" + type.arnPart() + "/*");
            return IamWire.page(
                noun + "s",
                iam.list(
                    type,
                    account,
                    IamWire.optional(in, "PathPrefix").orElse("/"),
                    IamWire.optional(in, "Marker"),
                    IamWire.maxItems(in)));
          });
    }
    ops.put("GetUser", this::getUser);
    ops.put(
        "GetRole",
        (call, in) -> {
          String name = IamWire.text(in, "RoleName");
          return Map.of(
              "Role",
              IamWire.entity(
                  iam.get(
                      IamEntity.Type.ROLE,
                      access.authorize(call, "GetRole", IamEntity.Type.ROLE, name),
                      name)));
        });
    ops.put(
        "GetGroup",
        (call, in) -> {
          String name = IamWire.text(in, "GroupName");
          AccountId account = access.authorize(call, "GetGroup", IamEntity.Type.GROUP, name);
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("Group", IamWire.entity(iam.get(IamEntity.Type.GROUP, account, name)));
          m.put("Users", iam.membersOf(account, name).stream().map(IamWire::entity).toList());
          m.put("IsTruncated", false);
          return m;
        });
    ops.put(
        "UpdateAssumeRolePolicy",
        (call, in) -> {
          String name = IamWire.text(in, "RoleName");
          iam.updateTrustPolicy(
              access.authorize(call, "UpdateAssumeRolePolicy", IamEntity.Type.ROLE, name),
              name,
              IamWire.text(in, "PolicyDocument"));
          return Map.of();
        });
    ops.put(
        "AddUserToGroup",
        (call, in) -> {
          String group = IamWire.text(in, "GroupName");
          iam.addUserToGroup(
              access.authorize(call, "AddUserToGroup", IamEntity.Type.GROUP, group),
              group,
              IamWire.text(in, "UserName"));
          return Map.of();
        });
    ops.put(
        "RemoveUserFromGroup",
        (call, in) -> {
          String group = IamWire.text(in, "GroupName");
          iam.removeUserFromGroup(
              access.authorize(call, "RemoveUserFromGroup", IamEntity.Type.GROUP, group),
              group,
              IamWire.text(in, "UserName"));
          return Map.of();
        });
    ops.put(
        "ListGroupsForUser",
        (call, in) -> {
          String user = IamWire.text(in, "UserName");
          AccountId account =
              access.authorize(call, "ListGroupsForUser", IamEntity.Type.USER, user);
          return Map.of(
              "Groups",
              iam.groupsOf(account, user).stream().map(IamWire::entity).toList(),
              "IsTruncated",
              false);
        });
    ops.put("CreateAccessKey", this::createAccessKey);
    ops.put(
        "ListAccessKeys",
        (call, in) -> {
          String user = userOrSelf(call, in);
          AccountId account = access.authorize(call, "ListAccessKeys", IamEntity.Type.USER, user);
          return Map.of(
              "AccessKeyMetadata",
              iam.accessKeys(account, user).stream()
                  .map(k -> IamWire.keyMetadata(k, user))
                  .toList(),
              "IsTruncated",
              false);
        });
    ops.put(
        "UpdateAccessKey",
        (call, in) -> {
          String user = userOrSelf(call, in);
          iam.setAccessKeyActive(
              access.authorize(call, "UpdateAccessKey", IamEntity.Type.USER, user),
              user,
              IamWire.text(in, "AccessKeyId"),
              "Active".equals(IamWire.text(in, "Status")));
          return Map.of();
        });
    ops.put(
        "DeleteAccessKey",
        (call, in) -> {
          String user = userOrSelf(call, in);
          iam.deleteAccessKey(
              access.authorize(call, "DeleteAccessKey", IamEntity.Type.USER, user),
              user,
              IamWire.text(in, "AccessKeyId"));
          return Map.of();
        });
  }

  private Object create(CallContext call, JsonNode in, IamEntity.Type type, String noun) {
    String name = IamWire.text(in, noun + "Name");
    AccountId account = call.principal().account();
    String path = IamWire.path(in);
    access.check(call, "iam:Create" + noun, IamAccess.arn(account, type, path, name));
    IamEntity e =
        iam.create(
            type,
            account,
            name,
            path,
            type == IamEntity.Type.ROLE ? IamWire.text(in, "AssumeRolePolicyDocument") : "",
            IamWire.optional(in, "Description").orElse(""),
            type == IamEntity.Type.ROLE
                ? (in.has("MaxSessionDuration") ? in.get("MaxSessionDuration").intValue() : 3600)
                : 0);
    return Map.of(noun, IamWire.entity(e));
  }

  /**
   * GetUser without a name describes the caller itself; for the account's root, as IAM does, the
   * root user: no name or path, the account id as its id and {@code arn:aws:iam::<account>:root}.
   */
  private Object getUser(CallContext call, JsonNode in) {
    if (IamWire.optional(in, "UserName").isEmpty()
        && call.principal().type() == dev.berth.auth.Principal.Type.ROOT) {
      AccountId account = call.principal().account();
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("UserId", account.value());
      root.put("Arn", "arn:aws:iam::" + account.value() + ":root");
      root.put("CreateDate", iam.accountCreated(account));
      return Map.of("User", root);
    }
    String name = userOrSelf(call, in);
    AccountId account = access.authorize(call, "GetUser", IamEntity.Type.USER, name);
    return Map.of("User", IamWire.entity(iam.get(IamEntity.Type.USER, account, name)));
  }

  private static String userOrSelf(CallContext call, JsonNode in) {
    return IamWire.optional(in, "UserName")
        .orElseGet(
            () -> {
              if (call.principal().type() != dev.berth.auth.Principal.Type.USER) {
                throw new RegistryException(
                    ErrorKind.INVALID_PARAMETER,
                    "UserName is required when the caller is not an IAM user");
              }
              return call.principal().name();
            });
  }

  private Object createAccessKey(CallContext call, JsonNode in) {
    String user = userOrSelf(call, in);
    IamService.NewKey key =
        iam.createAccessKey(
            access.authorize(call, "CreateAccessKey", IamEntity.Type.USER, user), user);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("UserName", key.userName());
    m.put("AccessKeyId", key.key().accessKeyId());
    m.put("Status", "Active");
    m.put("SecretAccessKey", key.secret());
    m.put("CreateDate", key.key().createdAt());
    return Map.of("AccessKey", m);
  }
}
