package dev.berth.api.ecrpublic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.address.RegistryAddresses;
import dev.berth.api.awsjson.CallContext;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.meta.RepositoryCatalog;
import dev.berth.model.AccountId;
import dev.berth.model.Repository;
import dev.berth.publicregistry.PublicRegistries;
import java.util.LinkedHashMap;
import java.util.Map;

/** ECR Public's wire shapes: answers of the shared operations, URIs, catalog data. */
final class PublicWire {
  private final ServiceModel model;
  private final PublicRegistries registries;
  private final String publicHost;

  PublicWire(ServiceModel model, PublicRegistries registries, String publicHost) {
    this.model = model;
    this.registries = registries;
    this.publicHost = publicHost;
  }

  /**
   * The ECR API's answer to {@code operation} in ECR Public's output shape: members ECR Public does
   * not have left out, repository URIs on the public host under the registry's alias.
   */
  Object answer(String operation, JsonNode ecrOutput, CallContext call) {
    JsonNode out = model.project(model.outputShape(operation).orElseThrow(), ecrOutput);
    fixUri(out.path("repository"), call);
    out.path("repositories").forEach(r -> fixUri(r, call));
    return out;
  }

  private void fixUri(JsonNode repository, CallContext call) {
    if (repository instanceof ObjectNode r && r.hasNonNull("repositoryName")) {
      r.put(
          "repositoryUri",
          registryUri(new AccountId(r.path("registryId").asText()), call)
              + "/"
              + r.path("repositoryName").asText());
    }
  }

  /**
   * {@code <public-host>/<alias>}: where the account's public images are pulled from; a public host
   * configured without a port takes the port the caller reached this node on.
   */
  String registryUri(AccountId account, CallContext call) {
    return RegistryAddresses.withPortOf(publicHost, call.host())
        + "/"
        + registries.ensure(account).alias();
  }

  /** ECR Public's {@code RepositoryCatalogData}; the logo by URL of the gallery. */
  Map<String, Object> catalogData(Repository repo, RepositoryCatalog c, CallContext call) {
    Map<String, Object> m = new LinkedHashMap<>();
    c.description().ifPresent(d -> m.put("description", d));
    if (!c.architectures().isEmpty()) {
      m.put("architectures", c.architectures());
    }
    if (!c.operatingSystems().isEmpty()) {
      m.put("operatingSystems", c.operatingSystems());
    }
    if (c.logoType().isPresent()) {
      m.put(
          "logoUrl",
          (call.secure() ? "https://" : "http://")
              + call.host()
              + "/gallery/logo/"
              + registries.ensure(repo.account()).alias()
              + "/"
              + repo.name().value());
    }
    c.aboutText().ifPresent(t -> m.put("aboutText", t));
    c.usageText().ifPresent(t -> m.put("usageText", t));
    m.put("marketplaceCertified", false);
    return m;
  }
}
