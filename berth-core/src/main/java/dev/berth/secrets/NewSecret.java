package dev.berth.secrets;

import java.util.Map;
import java.util.Optional;

/**
 * A CreateSecret request.
 *
 * @param token the ClientRequestToken: the id of the first version when a value is given
 * @param value the first version's value; empty creates a secret without versions
 */
public record NewSecret(
    String name,
    String token,
    Optional<String> description,
    Optional<String> kmsKeyId,
    Map<String, String> tags,
    Optional<SecretValue> value) {
  public NewSecret {
    tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
  }
}
