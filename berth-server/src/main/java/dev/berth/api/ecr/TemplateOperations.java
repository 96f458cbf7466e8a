package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.iam.PolicyValidator;
import dev.berth.model.AppliedFor;
import dev.berth.model.CreationTemplate;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.RepositorySettings;
import dev.berth.templates.CreationTemplateService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Create/Describe/Update/DeleteRepositoryCreationTemplate on the caller's registry in the call's
 * region, each authorized as {@code ecr:<Operation>} on the registry. An update changes the fields
 * it is given and keeps the others.
 */
final class TemplateOperations {
  private static final String DESCRIBE = "DescribeRepositoryCreationTemplates";

  private final EcrAccess access;
  private final CreationTemplateService templates;
  private final PolicyDocuments documents;
  private final NextTokens nextTokens;

  TemplateOperations(
      EcrAccess access,
      CreationTemplateService templates,
      PolicyDocuments documents,
      NextTokens nextTokens) {
    this.access = access;
    this.templates = templates;
    this.documents = documents;
    this.nextTokens = nextTokens;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put(
        "CreateRepositoryCreationTemplate",
        (call, in) -> {
          RegistryId registry = access.registry(call);
          checkDelegated(call, registry, in);
          CreationTemplate draft =
              change(
                  new CreationTemplate(
                      Input.required(in, "prefix"),
                      Optional.empty(),
                      List.of(),
                      RepositorySettings.defaults(),
                      Map.of(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Instant.EPOCH,
                      Instant.EPOCH),
                  in,
                  registry);
          return response(registry, templates.create(registry, draft));
        });
    ops.put(
        "UpdateRepositoryCreationTemplate",
        (call, in) -> {
          RegistryId registry = access.registry(call);
          checkDelegated(call, registry, in);
          return response(
              registry,
              templates.update(
                  registry, Input.required(in, "prefix"), old -> change(old, in, registry)));
        });
    ops.put(
        "DeleteRepositoryCreationTemplate",
        (call, in) -> {
          RegistryId registry = access.registry(call);
          return response(registry, templates.delete(registry, Input.required(in, "prefix")));
        });
    ops.put(DESCRIBE, this::describe);
  }

  /**
   * ECR's further permissions for a template, which acts for the caller later: {@code
   * ecr:CreateRepository} on the repositories under its prefix, {@code ecr:PutLifecyclePolicy} and
   * {@code ecr:SetRepositoryPolicy} when it carries those policies, {@code iam:PassRole} on its
   * custom role.
   */
  private void checkDelegated(CallContext call, RegistryId registry, JsonNode in) {
    String prefix = Input.required(in, "prefix");
    String under =
        "ROOT".equals(prefix)
            ? ""
            : (prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix) + "/";
    String repositories = registry.arn("repository/" + under + "*");
    access.checkAction(call, "ecr:CreateRepository", repositories);
    if (in.hasNonNull("lifecyclePolicy")) {
      access.checkAction(call, "ecr:PutLifecyclePolicy", repositories);
    }
    if (in.hasNonNull("repositoryPolicy")) {
      access.checkAction(call, "ecr:SetRepositoryPolicy", repositories);
    }
    Input.text(in, "customRoleArn")
        .filter(r -> !r.isEmpty())
        .ifPresent(role -> access.checkAction(call, "iam:PassRole", role));
  }

  private Object describe(CallContext call, JsonNode in) {
    RegistryId registry = access.registry(call);
    List<String> prefixes = Input.strings(in, "prefixes");
    List<Object> out = new ArrayList<>();
    if (!prefixes.isEmpty()) {
      prefixes.stream()
          .distinct()
          .forEach(p -> templates.find(registry, p).ifPresent(t -> out.add(wire(t))));
      return EcrWire.response(
          "registryId", registry.account().value(), "repositoryCreationTemplates", out);
    }
    Optional<String> after =
        nextTokens.decode(DESCRIBE, call, registry, "", Input.text(in, "nextToken"));
    Page<CreationTemplate> page = templates.list(registry, after, Input.maxResults(in, 100));
    page.items().forEach(t -> out.add(wire(t)));
    return EcrWire.response(
        "registryId",
        registry.account().value(),
        "repositoryCreationTemplates",
        out,
        "nextToken",
        page.next().map(k -> nextTokens.encode(DESCRIBE, call, registry, "", k)));
  }

  /** The template with the fields the request gives replaced (all of them for a create). */
  private CreationTemplate change(CreationTemplate old, JsonNode in, RegistryId registry) {
    Optional<String> description = old.description();
    if (in.hasNonNull("description")) {
      description = Input.text(in, "description").filter(d -> !d.isEmpty());
    }
    List<AppliedFor> appliedFor = old.appliedFor();
    if (in.hasNonNull("appliedFor")) {
      appliedFor = Input.strings(in, "appliedFor").stream().map(AppliedFor::valueOf).toList();
    }
    RepositorySettings settings = old.settings();
    if (in.hasNonNull("imageTagMutability")
        || in.hasNonNull("imageTagMutabilityExclusionFilters")) {
      ImageTagMutability mutability =
          Input.text(in, "imageTagMutability")
              .map(ImageTagMutability::valueOf)
              .orElse(settings.tagMutability());
      settings =
          settings.withTagMutability(
              mutability, RepositoryOperations.exclusionFilters(in, mutability));
    }
    if (in.hasNonNull("encryptionConfiguration")) {
      JsonNode enc = in.path("encryptionConfiguration");
      String type = Input.required(enc, "encryptionType");
      Optional<String> key = Input.text(enc, "kmsKey").filter(k -> !k.isEmpty());
      RepositoryOperations.checkKmsKey(type, key);
      settings =
          new RepositorySettings(
              settings.tagMutability(), settings.exclusionFilters(), false, type, key);
    }
    Map<String, String> tags = old.resourceTags();
    if (in.hasNonNull("resourceTags")) {
      tags = TaggingOperations.tags(in.path("resourceTags"));
      if (tags.size() > RepositoryOperations.MAX_TAGS) {
        throw new RegistryException(
            ErrorKind.LIMIT_EXCEEDED,
            "a repository creation template may have at most "
                + RepositoryOperations.MAX_TAGS
                + " resource tags");
      }
    }
    Optional<String> policy = old.repositoryPolicy();
    if (in.hasNonNull("repositoryPolicy")) {
      policy = Input.text(in, "repositoryPolicy").filter(p -> !p.isEmpty());
      policy.ifPresent(
          p ->
              documents.validate(
                  p, PolicyValidator.Kind.REPOSITORY, "Invalid repository policy provided"));
    }
    Optional<String> lifecycle = old.lifecyclePolicy();
    if (in.hasNonNull("lifecyclePolicy")) {
      lifecycle = Input.text(in, "lifecyclePolicy").filter(p -> !p.isEmpty());
    }
    Optional<String> role = old.customRoleArn();
    if (in.hasNonNull("customRoleArn")) {
      role = Input.text(in, "customRoleArn").filter(r -> !r.isEmpty());
      role.ifPresent(r -> checkRole(r, registry));
    }
    return new CreationTemplate(
        old.prefix(),
        description,
        appliedFor,
        settings,
        tags,
        policy,
        lifecycle,
        role,
        old.createdAt(),
        old.updatedAt());
  }

  /** ECR: "This role must be in the same account as the registry that you are configuring." */
  private static void checkRole(String arn, RegistryId registry) {
    if (!arn.startsWith("arn:aws:iam::" + registry.account().value() + ":role/")) {
      throw RepositoryOperations.invalid(
          "Invalid parameter at 'customRoleArn' failed to satisfy constraint: 'must be the ARN of"
              + " an IAM role in the account "
              + registry.account().value()
              + "'");
    }
  }

  private static Map<String, Object> response(RegistryId registry, CreationTemplate t) {
    return EcrWire.response(
        "registryId", registry.account().value(), "repositoryCreationTemplate", wire(t));
  }

  private static Map<String, Object> wire(CreationTemplate t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("prefix", t.prefix());
    t.description().ifPresent(d -> m.put("description", d));
    Map<String, Object> enc = new LinkedHashMap<>();
    enc.put("encryptionType", t.settings().encryptionType());
    t.settings().kmsKey().ifPresent(k -> enc.put("kmsKey", k));
    m.put("encryptionConfiguration", enc);
    m.put("resourceTags", EcrWire.tags(t.resourceTags()));
    m.put("imageTagMutability", t.settings().tagMutability().name());
    if (!t.settings().exclusionFilters().isEmpty()) {
      m.put(
          "imageTagMutabilityExclusionFilters",
          EcrWire.exclusionFilters(t.settings().exclusionFilters()));
    }
    t.repositoryPolicy().ifPresent(p -> m.put("repositoryPolicy", p));
    t.lifecyclePolicy().ifPresent(p -> m.put("lifecyclePolicy", p));
    m.put("appliedFor", t.appliedFor().stream().map(AppliedFor::name).toList());
    t.customRoleArn().ifPresent(r -> m.put("customRoleArn", r));
    m.put("createdAt", EcrWire.time(t.createdAt()));
    m.put("updatedAt", EcrWire.time(t.updatedAt()));
    return m;
  }
}
