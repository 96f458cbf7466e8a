package dev.berth.secrets;

import dev.berth.meta.StoredSecret;
import java.util.List;
import java.util.Map;

/**
 * What DescribeSecret and ListSecrets report of a secret.
 *
 * @param tags the secret's tags, by key
 * @param versionsToStages version id to its staging labels, for versions that have any
 */
public record SecretDetails(
    StoredSecret secret, Map<String, String> tags, Map<String, List<String>> versionsToStages) {
  public SecretDetails {
    tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    versionsToStages = Map.copyOf(versionsToStages);
  }
}
