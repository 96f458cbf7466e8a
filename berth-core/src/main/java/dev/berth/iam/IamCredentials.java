package dev.berth.iam;

import dev.berth.auth.Credential;
import dev.berth.auth.CredentialResolver;
import dev.berth.auth.Principal;
import dev.berth.meta.AccessKey;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.StsSession;
import java.util.Optional;

/**
 * Resolves access keys to credentials: account roots' and IAM users' long-term keys, and STS
 * sessions' temporary keys; secrets are decrypted only here, for SigV4.
 */
public final class IamCredentials implements CredentialResolver {
  /** How a user's key names its principal in the access-key store. */
  static final String USER_PREFIX = "user:";

  private final MetadataStore meta;
  private final SecretCipher cipher;

  public IamCredentials(MetadataStore meta, SecretCipher cipher) {
    this.meta = meta;
    this.cipher = cipher;
  }

  @Override
  public Optional<Credential> resolve(String accessKeyId) {
    Optional<AccessKey> key = meta.accessKeys().find(accessKeyId);
    if (key.isPresent()) {
      return principal(key.get())
          .map(
              p ->
                  new Credential(
                      accessKeyId,
                      cipher.decrypt(key.get().secretCiphertext()),
                      Optional.empty(),
                      p,
                      key.get().active(),
                      Optional.empty()));
    }
    return meta.sessions().find(accessKeyId).map(this::session);
  }

  private Optional<Principal> principal(AccessKey k) {
    if (Bootstrap.ROOT.equals(k.principal())) {
      return Optional.of(Principal.root(k.account(), k.accessKeyId()));
    }
    if (k.principal().startsWith(USER_PREFIX)) {
      String name = k.principal().substring(USER_PREFIX.length());
      return meta.iam()
          .find(IamEntity.Type.USER, k.account(), name)
          .map(u -> Principal.user(k.account(), u.path(), u.name(), k.accessKeyId()));
    }
    return Optional.empty();
  }

  private Credential session(StsSession s) {
    Principal p = StsService.principal(s);
    return new Credential(
        s.accessKeyId(),
        cipher.decrypt(s.secretCiphertext()),
        Optional.of(s.sessionToken()),
        p,
        true,
        Optional.of(s.expiresAt()));
  }
}
