package dev.berth.secrets;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.SecretStore;
import dev.berth.meta.SecretVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * At most {@link #MAX_VERSIONS} versions per secret, as Secrets Manager keeps them: to make room
 * for a new one, deprecated versions (no staging label) older than a day are removed, oldest first;
 * when none may go, PutSecretValue fails with a limit error.
 */
final class VersionQuota {
  static final int MAX_VERSIONS = 100;
  private static final Duration KEPT_AT_LEAST = Duration.ofDays(1);

  private final SecretStore store;

  VersionQuota(SecretStore store) {
    this.store = store;
  }

  /** Removes what must go for one more version of the secret, or throws when it cannot. */
  void makeRoom(String arn, Map<String, String> labels, Instant now) {
    var versions = store.versions(arn);
    int excess = versions.size() - MAX_VERSIONS + 1;
    Set<String> labelled = new HashSet<>(labels.values());
    for (SecretVersion v : versions) {
      if (excess <= 0) {
        return;
      }
      if (!labelled.contains(v.versionId()) && v.createdAt().plus(KEPT_AT_LEAST).isBefore(now)) {
        store.deleteVersion(arn, v.versionId());
        excess--;
      }
    }
    if (excess > 0) {
      throw new RegistryException(
          ErrorKind.LIMIT_EXCEEDED,
          "You have exceeded the maximum number of versions ("
              + MAX_VERSIONS
              + ") for this secret; versions without staging labels are removed once a day old.");
    }
  }
}
