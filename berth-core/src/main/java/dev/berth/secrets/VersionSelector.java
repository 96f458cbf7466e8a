package dev.berth.secrets;

import java.util.Optional;

/**
 * Which version GetSecretValue reads: by id, by staging label, or both (then they must agree);
 * neither reads {@code AWSCURRENT}.
 */
public record VersionSelector(Optional<String> versionId, Optional<String> stage) {
  public static VersionSelector current() {
    return new VersionSelector(Optional.empty(), Optional.empty());
  }
}
