package dev.berth.secrets;

import dev.berth.meta.StoredSecret;
import java.time.Instant;
import java.util.List;

/** What GetSecretValue answers: one version's decrypted value and its staging labels. */
public record VersionedValue(
    StoredSecret secret,
    String versionId,
    SecretValue value,
    List<String> stages,
    Instant createdAt) {
  public VersionedValue {
    stages = List.copyOf(stages);
  }
}
