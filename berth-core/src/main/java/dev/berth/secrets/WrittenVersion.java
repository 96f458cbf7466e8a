package dev.berth.secrets;

import dev.berth.meta.StoredSecret;
import java.util.List;
import java.util.Optional;

/**
 * What CreateSecret and PutSecretValue answer.
 *
 * @param versionId the version written (or found again); empty for a secret created without value
 * @param stages the staging labels on that version
 */
public record WrittenVersion(StoredSecret secret, Optional<String> versionId, List<String> stages) {
  public WrittenVersion {
    stages = List.copyOf(stages);
  }
}
