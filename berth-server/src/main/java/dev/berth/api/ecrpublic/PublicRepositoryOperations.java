package dev.berth.api.ecrpublic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.auth.PageTokens;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.RepositoryCatalog;
import dev.berth.model.ImageSummary;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.publicregistry.CatalogUpdate;
import dev.berth.publicregistry.PublicRegistries;
import dev.berth.publicregistry.TaggedImage;
import dev.berth.registry.RepositoryService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CreateRepository (the ECR API's, with the catalog data and the registry's alias) and
 * DescribeImageTags.
 */
final class PublicRepositoryOperations {
  private final AwsOperation ecrCreate;
  private final PublicRegistries registries;
  private final RepositoryService repositories;
  private final PublicAccess access;
  private final PublicWire wire;
  private final PageTokens pages;

  PublicRepositoryOperations(
      AwsOperation ecrCreate,
      PublicRegistries registries,
      RepositoryService repositories,
      PublicAccess access,
      PublicWire wire,
      PageTokens pages) {
    this.ecrCreate = ecrCreate;
    this.registries = registries;
    this.repositories = repositories;
    this.access = access;
    this.wire = wire;
    this.pages = pages;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("CreateRepository", this::create);
    ops.put("DescribeImageTags", this::describeImageTags);
  }

  /**
   * The catalog data is checked before the repository is created, so bad catalog data creates
   * nothing; the account's public registry (and its alias) exists once it has a repository.
   */
  private Object create(CallContext call, JsonNode in) {
    CatalogUpdate update = CatalogOperations.update(in.path("catalogData"));
    registries.check(update);
    registries.ensure(call.principal().account());
    ObjectNode ecrInput = in.deepCopy();
    ecrInput.remove("catalogData");
    JsonNode created = Json.mapper().valueToTree(ecrCreate.invoke(call, ecrInput));
    Repository repo =
        repositories.get(
            RegistryId.publicRegistry(call.principal().account()),
            RepositoryService.name(in.path("repositoryName").asText()));
    ObjectNode out = (ObjectNode) wire.answer("CreateRepository", created, call);
    if (in.has("catalogData")) {
      RepositoryCatalog catalog = registries.putCatalog(repo, update);
      out.set("catalogData", Json.mapper().valueToTree(wire.catalogData(repo, catalog, call)));
    }
    return out;
  }

  private Object describeImageTags(CallContext call, JsonNode in) {
    Repository repo = access.repository(call, in);
    String binding = "ecr-public\nDescribeImageTags\n" + call.principal().arn() + "\n" + repo.id();
    Optional<String> after =
        in.hasNonNull("nextToken")
            ? Optional.of(
                pages
                    .open(binding, in.get("nextToken").asText())
                    .orElseThrow(
                        () ->
                            new RegistryException(
                                ErrorKind.INVALID_PARAMETER,
                                "Invalid parameter at 'nextToken' failed to satisfy constraint:"
                                    + " 'must be a token returned by a previous DescribeImageTags"
                                    + " call'")))
            : Optional.empty();
    int limit = in.hasNonNull("maxResults") ? in.get("maxResults").intValue() : 100;
    Page<TaggedImage> page = registries.tags(repo, after, limit);
    List<Object> details = new ArrayList<>();
    for (TaggedImage t : page.items()) {
      ImageSummary s = t.image();
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("imageDigest", s.digest().toString());
      detail.put("imageSizeInBytes", s.size());
      detail.put("imagePushedAt", s.pushedAt().toEpochMilli() / 1000.0);
      detail.put("imageManifestMediaType", s.mediaType());
      s.configMediaType().ifPresent(type -> detail.put("artifactMediaType", type));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("imageTag", t.tag());
      m.put("createdAt", s.pushedAt().toEpochMilli() / 1000.0);
      m.put("imageDetail", detail);
      details.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("imageTagDetails", details);
    page.next().ifPresent(k -> out.put("nextToken", pages.seal(binding, k)));
    return out;
  }
}
