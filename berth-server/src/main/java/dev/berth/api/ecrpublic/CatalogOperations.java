package dev.berth.api.ecrpublic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.PublicRegistry;
import dev.berth.meta.RepositoryCatalog;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.publicregistry.CatalogUpdate;
import dev.berth.publicregistry.PublicRegistries;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DescribeRegistries, Get/PutRegistryCatalogData, Get/PutRepositoryCatalogData: the public registry
 * with its alias, and what the gallery shows of it and its repositories.
 */
final class CatalogOperations {
  private final PublicRegistries registries;
  private final PublicAccess access;
  private final PublicWire wire;

  CatalogOperations(PublicRegistries registries, PublicAccess access, PublicWire wire) {
    this.registries = registries;
    this.access = access;
    this.wire = wire;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("DescribeRegistries", this::describeRegistries);
    ops.put("GetRegistryCatalogData", this::getRegistryCatalog);
    ops.put("PutRegistryCatalogData", this::putRegistryCatalog);
    ops.put("GetRepositoryCatalogData", this::getRepositoryCatalog);
    ops.put("PutRepositoryCatalogData", this::putRepositoryCatalog);
  }

  /** The caller's registry: an account has one public registry, so one page of one. */
  private Object describeRegistries(CallContext call, JsonNode in) {
    if (in.hasNonNull("nextToken")) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "Invalid parameter at 'nextToken' failed to satisfy constraint: 'must be a token"
              + " returned by a previous DescribeRegistries call'");
    }
    RegistryId id = access.registry(call);
    PublicRegistry registry = registries.ensure(id.account());
    Map<String, Object> alias = new LinkedHashMap<>();
    alias.put("name", registry.alias());
    alias.put("status", "ACTIVE");
    alias.put("primaryRegistryAlias", true);
    alias.put("defaultRegistryAlias", registry.aliasIsDefault());
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("registryId", id.account().value());
    r.put("registryArn", id.registryArn());
    r.put("registryUri", wire.registryUri(id.account(), call));
    r.put("verified", false);
    r.put("aliases", List.of(alias));
    return Map.of("registries", List.of(r));
  }

  private Object getRegistryCatalog(CallContext call, JsonNode in) {
    RegistryId id = access.registry(call);
    return registryCatalog(registries.ensure(id.account()));
  }

  private Object putRegistryCatalog(CallContext call, JsonNode in) {
    RegistryId id = access.registry(call);
    PublicRegistry registry =
        in.hasNonNull("displayName")
            ? registries.setDisplayName(id.account(), in.get("displayName").asText())
            : registries.ensure(id.account());
    return registryCatalog(registry);
  }

  private static Map<String, Object> registryCatalog(PublicRegistry registry) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (!registry.displayName().isEmpty()) {
      data.put("displayName", registry.displayName());
    }
    return Map.of("registryCatalogData", data);
  }

  private Object getRepositoryCatalog(CallContext call, JsonNode in) {
    Repository repo = access.repository(call, in);
    RepositoryCatalog catalog =
        registries
            .catalog(repo)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.NO_SUCH_ENTITY,
                        "The repository catalog data does not exist for the repository '"
                            + repo.name().value()
                            + "' in the registry '"
                            + repo.account().value()
                            + "'"));
    return Map.of("catalogData", wire.catalogData(repo, catalog, call));
  }

  private Object putRepositoryCatalog(CallContext call, JsonNode in) {
    CatalogUpdate update = update(in.path("catalogData"));
    registries.check(update);
    Repository repo = access.repository(call, in);
    return Map.of("catalogData", wire.catalogData(repo, registries.putCatalog(repo, update), call));
  }

  /** A {@code RepositoryCatalogDataInput}: the fields it gives, the logo decoded. */
  static CatalogUpdate update(JsonNode data) {
    Optional<byte[]> logo = Optional.empty();
    if (data.hasNonNull("logoImageBlob")) {
      try {
        logo = Optional.of(Base64.getMimeDecoder().decode(data.get("logoImageBlob").asText()));
      } catch (IllegalArgumentException e) {
        throw new RegistryException(
            ErrorKind.INVALID_PARAMETER, "logoImageBlob must be base64-encoded image bytes");
      }
    }
    return new CatalogUpdate(
        text(data, "description"),
        text(data, "aboutText"),
        text(data, "usageText"),
        list(data, "architectures"),
        list(data, "operatingSystems"),
        logo);
  }

  private static Optional<String> text(JsonNode data, String field) {
    return data.hasNonNull(field) ? Optional.of(data.get(field).asText()) : Optional.empty();
  }

  private static Optional<List<String>> list(JsonNode data, String field) {
    if (!data.hasNonNull(field)) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    data.get(field).forEach(v -> out.add(v.asText()));
    return Optional.of(List.copyOf(new java.util.LinkedHashSet<>(out)));
  }
}
