package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositorySettings;
import dev.berth.registry.RepositoryService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CreateRepository, DescribeRepositories, DeleteRepository, PutImageTagMutability (DescribeRegistry
 * is with replication).
 */
final class RepositoryOperations {
  static final int MAX_TAGS = 50;

  private final RepositoryService repositories;
  private final EcrWire wire;
  private final EcrAccess access;

  private final NextTokens nextTokens;

  RepositoryOperations(
      RepositoryService repositories, EcrWire wire, EcrAccess access, NextTokens nextTokens) {
    this.repositories = repositories;
    this.wire = wire;
    this.access = access;
    this.nextTokens = nextTokens;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("CreateRepository", this::create);
    ops.put("DescribeRepositories", this::describe);
    ops.put("DeleteRepository", this::delete);
    ops.put("PutImageTagMutability", this::putImageTagMutability);
  }

  private Object create(CallContext call, JsonNode in) {
    RegistryId registry = Input.ownRegistry(call, in);
    ImageTagMutability mutability =
        Input.text(in, "imageTagMutability")
            .map(ImageTagMutability::valueOf)
            .orElse(ImageTagMutability.MUTABLE);
    List<String> filters = exclusionFilters(in, mutability);
    JsonNode enc = in.path("encryptionConfiguration");
    String encryptionType = Input.text(enc, "encryptionType").orElse("AES256");
    Optional<String> kmsKey = Input.text(enc, "kmsKey");
    checkKmsKey(encryptionType, kmsKey);
    if (!"AES256".equals(encryptionType) && kmsKey.isEmpty()) {
      kmsKey = Optional.of(registry.awsManagedEcrKey());
    }
    RepositorySettings settings =
        new RepositorySettings(
            mutability,
            filters,
            in.path("imageScanningConfiguration").path("scanOnPush").asBoolean(false),
            encryptionType,
            kmsKey);
    Map<String, String> tags = TaggingOperations.tags(in.path("tags"));
    if (tags.size() > MAX_TAGS) {
      throw new RegistryException(
          ErrorKind.LIMIT_EXCEEDED, "a repository may have at most " + MAX_TAGS + " tags");
    }
    access.check(call, access.arn(registry, Input.repositoryName(in)), tags);
    Repository repo = repositories.create(registry, Input.repositoryName(in), settings, tags);
    return EcrWire.response("repository", wire.repository(repo, call));
  }

  /** A KMS key goes with the KMS encryption types only. */
  static void checkKmsKey(String encryptionType, Optional<String> kmsKey) {
    if ("AES256".equals(encryptionType) && kmsKey.isPresent()) {
      throw invalid("kmsKey may only be given with the KMS encryption types");
    }
  }

  static List<String> exclusionFilters(JsonNode in, ImageTagMutability mutability) {
    List<String> filters = new ArrayList<>();
    in.path("imageTagMutabilityExclusionFilters")
        .forEach(f -> filters.add(f.path("filter").asText()));
    boolean withExclusion =
        mutability == ImageTagMutability.IMMUTABLE_WITH_EXCLUSION
            || mutability == ImageTagMutability.MUTABLE_WITH_EXCLUSION;
    if (withExclusion && filters.isEmpty()) {
      throw invalid("imageTagMutabilityExclusionFilters are required with " + mutability);
    }
    if (!withExclusion && !filters.isEmpty()) {
      throw invalid(
          "imageTagMutabilityExclusionFilters are only allowed with the *_WITH_EXCLUSION settings");
    }
    return filters;
  }

  private Object describe(CallContext call, JsonNode in) {
    RegistryId registry = Input.registry(call, in);
    List<String> names = Input.strings(in, "repositoryNames");
    List<Object> out = new ArrayList<>();
    if (!names.isEmpty()) {
      if (in.hasNonNull("nextToken") || in.hasNonNull("maxResults")) {
        throw invalid("repositoryNames cannot be combined with nextToken or maxResults");
      }
      for (String name : names) {
        out.add(
            wire.repository(access.repository(call, registry, RepositoryService.name(name)), call));
      }
      return EcrWire.response("repositories", out);
    }
    Optional<String> after =
        nextTokens.decode("DescribeRepositories", call, registry, "", Input.text(in, "nextToken"));
    Page<Repository> page = repositories.list(registry, after, Input.maxResults(in, 100));
    page.items().stream()
        .filter(r -> access.allowed(call, registry.action("DescribeRepositories"), r))
        .forEach(r -> out.add(wire.repository(r, call)));
    return EcrWire.response(
        "repositories",
        out,
        "nextToken",
        page.next().map(k -> nextTokens.encode("DescribeRepositories", call, registry, "", k)));
  }

  private Object delete(CallContext call, JsonNode in) {
    Repository target = access.repository(call, in);
    Repository repo =
        repositories.delete(target.registry(), target.name(), in.path("force").asBoolean(false));
    return EcrWire.response("repository", wire.repository(repo, call));
  }

  private Object putImageTagMutability(CallContext call, JsonNode in) {
    ImageTagMutability mutability =
        ImageTagMutability.valueOf(Input.required(in, "imageTagMutability"));
    List<String> filters = exclusionFilters(in, mutability);
    Repository target = access.repository(call, in);
    Repository repo =
        repositories.setTagMutability(target.registry(), target.name(), mutability, filters);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("registryId", repo.account().value());
    out.put("repositoryName", repo.name().value());
    out.put("imageTagMutability", mutability.name());
    if (!filters.isEmpty()) {
      out.put("imageTagMutabilityExclusionFilters", EcrWire.exclusionFilters(filters));
    }
    return out;
  }

  static RegistryException invalid(String message) {
    return new RegistryException(ErrorKind.INVALID_PARAMETER, message);
  }
}
