package dev.berth.api.ecrpublic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.auth.RegistryTokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GetAuthorizationToken: a 12-hour login token for the public host ({@code aws ecr-public
 * get-login-password}). As in ECR Public the caller needs {@code ecr-public:GetAuthorizationToken}
 * and {@code sts:GetServiceBearerToken}.
 */
final class PublicAuthorization {
  private final RegistryTokens tokens;
  private final PublicAccess access;

  PublicAuthorization(RegistryTokens tokens, PublicAccess access) {
    this.tokens = tokens;
    this.access = access;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("GetAuthorizationToken", this::token);
  }

  private Object token(CallContext call, JsonNode in) {
    access.check(call, "ecr-public:GetAuthorizationToken", "*");
    access.check(call, "sts:GetServiceBearerToken", "*");
    RegistryTokens.Issued issued = tokens.issuePublic(call.principal(), RegistryTokens.VALIDITY);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(
        "authorizationToken",
        Base64.getEncoder()
            .encodeToString(("AWS:" + issued.token()).getBytes(StandardCharsets.UTF_8)));
    data.put("expiresAt", issued.expiresAt().toEpochMilli() / 1000.0);
    return Map.of("authorizationData", data);
  }
}
