package dev.berth.secrets;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.StoredSecret;
import dev.berth.model.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * ListSecrets: the scope's secrets by creation date (then name), filtered, a page at a time. The
 * page key of a secret is {@code <created epoch ms>:<name>} (names hold no colon), so a page
 * continues after the last secret listed even when secrets come and go between pages.
 */
final class SecretListing {
  private static final Comparator<StoredSecret> OLDEST_FIRST =
      Comparator.comparing(StoredSecret::createdAt).thenComparing(StoredSecret::name);

  private final MetadataStore meta;
  private final Function<StoredSecret, Optional<StoredSecret>> live;

  SecretListing(MetadataStore meta, Function<StoredSecret, Optional<StoredSecret>> live) {
    this.meta = meta;
    this.live = live;
  }

  Page<SecretDetails> list(
      SecretScope scope, ListQuery query, Function<StoredSecret, SecretDetails> details) {
    Comparator<StoredSecret> order = query.descending() ? OLDEST_FIRST.reversed() : OLDEST_FIRST;
    Optional<StoredSecret> after = query.after().map(SecretListing::marker);
    List<SecretDetails> matched = new ArrayList<>();
    List<StoredSecret> all = new ArrayList<>(meta.secrets().list(scope.account(), scope.region()));
    all.sort(order);
    for (StoredSecret stored : all) {
      if (after.isPresent() && order.compare(stored, after.get()) <= 0) {
        continue;
      }
      Optional<StoredSecret> secret = live.apply(stored);
      if (secret.isEmpty()
          || (secret.get().deletionDate().isPresent() && !query.includePlannedDeletion())) {
        continue;
      }
      Map<String, String> tags = meta.resourceTags().tags(secret.get().arn());
      if (query.filters().stream().allMatch(f -> f.matches(secret.get(), tags))) {
        matched.add(details.apply(secret.get()));
        if (matched.size() > query.maxResults()) {
          break;
        }
      }
    }
    if (matched.size() <= query.maxResults()) {
      return new Page<>(matched, Optional.empty());
    }
    List<SecretDetails> page = matched.subList(0, query.maxResults());
    StoredSecret last = page.get(page.size() - 1).secret();
    return new Page<>(page, Optional.of(last.createdAt().toEpochMilli() + ":" + last.name()));
  }

  /** A secret standing where the key says, to compare against. */
  private static StoredSecret marker(String key) {
    int colon = key.indexOf(':');
    try {
      return new StoredSecret(
          "",
          new dev.berth.model.AccountId("000000000000"),
          "",
          key.substring(colon + 1),
          Optional.empty(),
          Optional.empty(),
          java.time.Instant.ofEpochMilli(Long.parseLong(key.substring(0, colon))),
          java.time.Instant.EPOCH,
          Optional.empty());
    } catch (RuntimeException e) {
      throw new RegistryException(ErrorKind.PAGINATION_INVALID, "Invalid NextToken.");
    }
  }
}
