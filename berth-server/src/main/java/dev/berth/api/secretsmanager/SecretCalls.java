package dev.berth.api.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AccessCheck;
import dev.berth.api.awsjson.CallContext;
import dev.berth.secrets.SecretScope;
import dev.berth.secrets.SecretsService;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every operation does first: find the caller's scope (account and region), read its input,
 * and check {@code secretsmanager:<Operation>} on the secret's ARN.
 */
final class SecretCalls {
  private final SecretsService secrets;
  private final AccessCheck access;
  private final Function<CallContext, SecretScope> scopes;

  SecretCalls(
      SecretsService secrets, AccessCheck access, Function<CallContext, SecretScope> scopes) {
    this.secrets = secrets;
    this.access = access;
    this.scopes = scopes;
  }

  SecretScope scope(CallContext call) {
    return scopes.apply(call);
  }

  /** The call's {@code SecretId}, once the operation on the secret it names is allowed. */
  String allowedSecretId(CallContext call, JsonNode in) {
    String id = required(in, "SecretId");
    check(call, secrets.resourceArn(scope(call), id));
    return id;
  }

  void check(CallContext call, String resourceArn) {
    access.check(call, "secretsmanager:" + call.operation(), resourceArn);
  }

  static Optional<String> text(JsonNode in, String field) {
    JsonNode v = in.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  static String required(JsonNode in, String field) {
    return text(in, field).orElseThrow();
  }

  static boolean flag(JsonNode in, String field) {
    return in.path(field).asBoolean(false);
  }
}
