package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.CallContext;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.RepositoryName;
import dev.berth.registry.RepositoryService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading validated ECR input: optional fields, the addressed registry, repository names. */
final class Input {
  private Input() {}

  static Optional<String> text(JsonNode in, String field) {
    JsonNode v = in.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  static String required(JsonNode in, String field) {
    return text(in, field).orElseThrow();
  }

  static int maxResults(JsonNode in, int fallback) {
    JsonNode v = in.get("maxResults");
    return v == null || v.isNull() ? fallback : v.intValue();
  }

  static List<String> strings(JsonNode in, String field) {
    List<String> out = new ArrayList<>();
    in.path(field).forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * The registry the call addresses: {@code registryId}'s (else the caller's account's) registry in
   * the region the call was signed for. Another account's repositories are reachable when its
   * repository policy allows.
   */
  static RegistryId registry(CallContext call, JsonNode in) {
    return call.registry(
        text(in, "registryId").map(AccountId::new).orElse(call.principal().account()));
  }

  /** The caller's own registry; registry-wide changes in another account are never allowed. */
  static RegistryId ownRegistry(CallContext call, JsonNode in) {
    AccountId own = call.principal().account();
    Optional<String> id = text(in, "registryId");
    if (id.isPresent() && !id.get().equals(own.value())) {
      throw new RegistryException(
          ErrorKind.DENIED,
          "User: "
              + call.principal().arn()
              + " is not authorized to access registry "
              + id.get()
              + " (cross-account access is not enabled)");
    }
    return call.registry(own);
  }

  static RepositoryName repositoryName(JsonNode in) {
    return RepositoryService.name(required(in, "repositoryName"));
  }
}
