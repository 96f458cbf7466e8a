package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.auth.RegistryTokens;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GetAuthorizationToken: a 12-hour registry token for {@code docker login -u AWS}. */
final class AuthorizationOperations {
  private final RegistryTokens tokens;
  private final EcrWire wire;
  private final EcrAccess access;

  AuthorizationOperations(RegistryTokens tokens, EcrWire wire, EcrAccess access) {
    this.tokens = tokens;
    this.wire = wire;
    this.access = access;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("GetAuthorizationToken", this::getAuthorizationToken);
  }

  private Object getAuthorizationToken(CallContext call, JsonNode in) {
    access.check(call, "*", Map.of());
    RegistryTokens.Issued issued = tokens.issue(call.principal(), RegistryTokens.VALIDITY);
    String basic =
        Base64.getEncoder()
            .encodeToString(("AWS:" + issued.token()).getBytes(StandardCharsets.UTF_8));
    List<RegistryId> registries = new ArrayList<>();
    in.path("registryIds").forEach(id -> registries.add(call.registry(new AccountId(id.asText()))));
    if (registries.isEmpty()) {
      registries.add(call.ownRegistry());
    }
    List<Object> data = new ArrayList<>();
    for (RegistryId registry : registries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("authorizationToken", basic);
      m.put("expiresAt", EcrWire.time(issued.expiresAt()));
      m.put("proxyEndpoint", wire.endpoint(registry, call));
      data.add(m);
    }
    return Map.of("authorizationData", data);
  }
}
