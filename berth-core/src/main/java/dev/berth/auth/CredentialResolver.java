package dev.berth.auth;

import java.util.Optional;

/** Finds the credential behind an access key id; implemented by {@code iam}. */
public interface CredentialResolver {
  /** The credential, or empty when the key id is unknown. */
  Optional<Credential> resolve(String accessKeyId);
}
