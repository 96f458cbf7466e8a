package dev.berth.api.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AccessCheck;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.iam.IamService;
import dev.berth.meta.IamEntity;
import dev.berth.meta.PolicyVersion;
import dev.berth.model.AccountId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Managed policies and versions, attachments, and inline policies of users, groups and roles. */
final class IamPolicyOperations {
  private final IamService iam;
  private final IamAccess access;
  private final List<String> awsManagedArns;

  IamPolicyOperations(IamService iam, AccessCheck access, List<String> awsManagedArns) {
    this.iam = iam;
    this.access = new IamAccess(iam, access);
    this.awsManagedArns = List.copyOf(awsManagedArns);
  }

  void register(Map<String, AwsOperation> ops, Set<String> modelled) {
    ops.put("CreatePolicy", this::createPolicy);
    ops.put(
        "GetPolicy",
        (call, in) -> {
          String arn = IamWire.text(in, "PolicyArn");
          access.checkPolicy(call, "iam:GetPolicy", arn);
          return Map.of("Policy", IamWire.policy(iam.getPolicy(call.principal().account(), arn)));
        });
    ops.put(
        "DeletePolicy",
        (call, in) -> {
          String arn = IamWire.text(in, "PolicyArn");
          access.check(call, "iam:DeletePolicy", arn);
          iam.deletePolicy(call.principal().account(), arn);
          return Map.of();
        });
    ops.put(
        "ListPolicies",
        (call, in) -> {
          AccountId account = call.principal().account();
          access.check(call, "iam:ListPolicies", "arn:aws:iam::" + account.value() + ":policy/*");
          List<Object> policies =
              iam
                  .listPolicies(
                      account, IamWire.optional(in, "Scope").orElse("All"), awsManagedArns)
                  .stream()
                  .filter(v -> !in.path("OnlyAttached").asBoolean(false) || v.attachments() > 0)
                  .map(v -> (Object) IamWire.policy(v))
                  .toList();
          return Map.of("Policies", policies, "IsTruncated", false);
        });
    ops.put("ListEntitiesForPolicy", this::listEntitiesForPolicy);
    ops.put(
        "CreatePolicyVersion",
        (call, in) -> {
          String arn = IamWire.text(in, "PolicyArn");
          access.check(call, "iam:CreatePolicyVersion", arn);
          boolean makeDefault = in.path("SetAsDefault").asBoolean(false);
          String id =
              iam.createPolicyVersion(
                  call.principal().account(), arn, IamWire.text(in, "PolicyDocument"), makeDefault);
          PolicyVersion v = iam.policyVersion(call.principal().account(), arn, id);
          return Map.of("PolicyVersion", version(v, makeDefault));
        });
    ops.put(
        "GetPolicyVersion",
        (call, in) -> {
          String arn = IamWire.text(in, "PolicyArn");
          access.checkPolicy(call, "iam:GetPolicyVersion", arn);
          AccountId account = call.principal().account();
          PolicyVersion v = iam.policyVersion(account, arn, IamWire.text(in, "VersionId"));
          return Map.of(
              "PolicyVersion",
              version(
                  v, iam.getPolicy(account, arn).policy().defaultVersion().equals(v.versionId())));
        });
    for (IamEntity.Type type : IamEntity.Type.values()) {
      String noun = IamWire.noun(type);
      ops.put(
          "Attach" + noun + "Policy",
          (call, in) -> {
            String name = IamWire.text(in, noun + "Name");
            iam.attach(
                access.authorize(call, "Attach" + noun + "Policy", type, name),
                type,
                name,
                IamWire.text(in, "PolicyArn"));
            return Map.of();
          });
      ops.put(
          "Detach" + noun + "Policy",
          (call, in) -> {
            String name = IamWire.text(in, noun + "Name");
            iam.detach(
                access.authorize(call, "Detach" + noun + "Policy", type, name),
                type,
                name,
                IamWire.text(in, "PolicyArn"));
            return Map.of();
          });
      ops.put(
          "ListAttached" + noun + "Policies",
          (call, in) -> {
            String name = IamWire.text(in, noun + "Name");
            return IamWire.attached(
                iam.attached(
                    access.authorize(call, "ListAttached" + noun + "Policies", type, name),
                    type,
                    name));
          });
      ops.put(
          "Put" + noun + "Policy",
          (call, in) -> {
            String name = IamWire.text(in, noun + "Name");
            iam.putInline(
                access.authorize(call, "Put" + noun + "Policy", type, name),
                type,
                name,
                IamWire.text(in, "PolicyName"),
                IamWire.text(in, "PolicyDocument"));
            return Map.of();
          });
      ops.put(
          "Get" + noun + "Policy",
          (call, in) -> {
            String name = IamWire.text(in, noun + "Name");
            String policy = IamWire.text(in, "PolicyName");
            String doc =
                iam.inline(
                    access.authorize(call, "Get" + noun + "Policy", type, name),
                    type,
                    name,
                    policy);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(noun + "Name", name);
            m.put("PolicyName", policy);
            m.put("PolicyDocument", IamWire.encoded(doc));
            return m;
          });
      ops.put(
          "Delete" + noun + "Policy",
          (call, in) -> {
            String name = IamWire.text(in, noun + "Name");
            iam.deleteInline(
                access.authorize(call, "Delete" + noun + "Policy", type, name),
                type,
                name,
                IamWire.text(in, "PolicyName"));
            return Map.of();
          });
    }
    ops.keySet().retainAll(modelled);
  }

  private Object createPolicy(CallContext call, JsonNode in) {
    AccountId account = call.principal().account();
    String name = IamWire.text(in, "PolicyName");
    String path = IamWire.path(in);
    access.check(
        call, "iam:CreatePolicy", "arn:aws:iam::" + account.value() + ":policy" + path + name);
    return Map.of(
        "Policy",
        IamWire.policy(
            iam.createPolicy(
                account,
                name,
                path,
                IamWire.optional(in, "Description").orElse(""),
                IamWire.text(in, "PolicyDocument"))));
  }

  /** Users, groups and roles of the caller's account the policy is attached to. */
  private Object listEntitiesForPolicy(CallContext call, JsonNode in) {
    String arn = IamWire.text(in, "PolicyArn");
    access.check(call, "iam:ListEntitiesForPolicy", arn);
    AccountId account = call.principal().account();
    String filter = IamWire.optional(in, "EntityFilter").orElse("");
    boolean awsManaged = arn.startsWith("arn:aws:iam::aws:policy/");
    Map<String, Object> out = new LinkedHashMap<>();
    for (IamEntity.Type type : IamEntity.Type.values()) {
      String noun = IamWire.noun(type);
      boolean wanted =
          filter.isEmpty()
              || filter.equals(noun)
              || ("AWSManagedPolicy".equals(filter) && awsManaged)
              || ("LocalManagedPolicy".equals(filter) && !awsManaged);
      List<IamEntity> entities = wanted ? iam.attachedTo(account, type, arn) : List.of();
      out.put(
          "Policy" + noun + "s",
          entities.stream()
              .map(e -> (Object) Map.of(noun + "Name", e.name(), noun + "Id", e.id()))
              .toList());
    }
    out.put("IsTruncated", false);
    return out;
  }

  private static Map<String, Object> version(PolicyVersion v, boolean isDefault) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Document", IamWire.encoded(v.document()));
    m.put("VersionId", v.versionId());
    m.put("IsDefaultVersion", isDefault);
    m.put("CreateDate", v.createdAt());
    return m;
  }
}
