package dev.berth.iam;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.AccessKey;
import dev.berth.meta.DomainEvent;
import dev.berth.meta.MetadataStore;
import dev.berth.model.AccountId;
import java.time.Clock;

/**
 * New root access keys of an account, for the operator ({@code berth admin root-credentials}): the
 * secret is returned once and stored only encrypted, as every access key's is.
 */
public final class RootKeys {
  private final MetadataStore meta;
  private final SecretCipher cipher;
  private final Clock clock;

  public RootKeys(MetadataStore meta, SecretCipher cipher, Clock clock) {
    this.meta = meta;
    this.cipher = cipher;
    this.clock = clock;
  }

  /** Issues a new root key of {@code account}; {@code NO_SUCH_ENTITY} when it does not exist. */
  public IamService.NewKey issue(AccountId account) {
    if (!meta.accounts().exists(account)) {
      throw new RegistryException(
          ErrorKind.NO_SUCH_ENTITY, "account " + account.value() + " does not exist");
    }
    String secret = IamIds.secret();
    AccessKey key =
        new AccessKey(
            IamIds.accessKeyId("AKIA"),
            account,
            Bootstrap.ROOT,
            cipher.encrypt(secret),
            true,
            clock.instant());
    meta.transactions()
        .run(
            () -> {
              meta.accessKeys().create(key);
              meta.events().append(DomainEvent.identityChanged(account), clock.instant());
            });
    return new IamService.NewKey(key, Bootstrap.ROOT, secret);
  }
}
