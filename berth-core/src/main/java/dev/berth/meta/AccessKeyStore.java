package dev.berth.meta;

import java.util.List;
import java.util.Optional;

/** Access keys of every principal. */
public interface AccessKeyStore {
  void create(AccessKey key);

  Optional<AccessKey> find(String accessKeyId);

  /** Activates or deactivates a key; false when absent. */
  boolean setActive(String accessKeyId, boolean active);

  /** Deletes a key; false when absent. */
  boolean delete(String accessKeyId);

  /** Keys of a principal (e.g. {@code root} or a user name) in an account. */
  List<AccessKey> ofPrincipal(dev.berth.model.AccountId account, String principal);
}
