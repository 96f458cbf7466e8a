package dev.berth.pullthrough;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import dev.berth.distribution.BasicCredentials;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.PullThroughRule;
import dev.berth.model.RegistryId;
import dev.berth.secrets.SecretsService;
import java.io.IOException;
import java.util.Optional;

/** Reads a rule's upstream credentials from its Secrets Manager secret, as ECR does. */
final class RuleCredentials {
  private final SecretsService secrets;

  RuleCredentials(SecretsService secrets) {
    this.secrets = secrets;
  }

  Optional<BasicCredentials> of(PullThroughRule rule) {
    return rule.credentialArn().map(arn -> read(rule.registry(), arn));
  }

  /**
   * The credentials in the secret of the registry's account and region: {@code SECRET_NOT_FOUND}
   * without such a secret, {@code SECRET_UNREADABLE} when it holds no {@code username} and {@code
   * accessToken}.
   */
  BasicCredentials read(RegistryId registry, String arn) {
    String value =
        secrets
            .currentValue(registry.account(), registry.region(), arn)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.SECRET_NOT_FOUND,
                        "The specified secret '" + arn + "' does not exist"));
    try {
      JsonNode json = Json.mapper().readTree(value);
      String user = json.path("username").asText("");
      String token = json.path("accessToken").asText("");
      if (!user.isEmpty() && !token.isEmpty()) {
        return new BasicCredentials(user, token);
      }
    } catch (IOException e) {
      // falls through to the one answer for an unusable secret
    }
    throw new RegistryException(
        ErrorKind.SECRET_UNREADABLE,
        "Unable to access the secret '"
            + arn
            + "': its value must be JSON with 'username' and 'accessToken'");
  }
}
