package dev.berth.iam;

import dev.berth.auth.Credential;
import dev.berth.auth.CredentialResolver;
import dev.berth.auth.Principal;
import dev.berth.meta.AccessKeyStore;
import java.util.Optional;

/**
 * Resolves long-term access keys from the metadata store, decrypting the secret for SigV4. Only
 * account roots hold keys until IAM users arrive.
 */
public final class AccessKeyCredentials implements CredentialResolver {
  private final AccessKeyStore keys;
  private final SecretCipher cipher;

  public AccessKeyCredentials(AccessKeyStore keys, SecretCipher cipher) {
    this.keys = keys;
    this.cipher = cipher;
  }

  @Override
  public Optional<Credential> resolve(String accessKeyId) {
    return keys.find(accessKeyId)
        .filter(k -> Bootstrap.ROOT.equals(k.principal()))
        .map(
            k ->
                new Credential(
                    k.accessKeyId(),
                    cipher.decrypt(k.secretCiphertext()),
                    Optional.empty(),
                    Principal.root(k.account(), k.accessKeyId()),
                    k.active(),
                    Optional.empty()));
  }
}
