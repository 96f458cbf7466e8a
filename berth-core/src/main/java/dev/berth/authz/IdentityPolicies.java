package dev.berth.authz;

import dev.berth.auth.Principal;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.PolicyVersion;
import dev.berth.model.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The identity policies that apply to a principal: a user's attached and inline policies and its
 * groups'; a role session's role's. Cached per identity for at most {@link #TTL} (bounding how long
 * another node's change takes to apply here) and until {@link #invalidate}.
 *
 * <p>Every entry carries the invalidation generation read before its policies were loaded, and only
 * an entry of the current generation is used: a lookup that raced with an invalidation may still
 * store what it read, but nobody uses it afterwards. So a change followed by {@link #invalidate} is
 * enforced from the next lookup on (issue 9, item 5).
 */
public final class IdentityPolicies {
  private static final int MAX_CACHED = 10_000;

  /** How long cached policies are used before they are read again. */
  public static final Duration TTL = Duration.ofSeconds(5);

  private final MetadataStore meta;
  private final Function<String, Optional<String>> awsManaged;
  private final Clock clock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  /**
   * Cached policies, usable until {@code validUntil} (the TTL or a session's expiry) while the
   * cache is still at {@code generation}.
   */
  private record Entry(
      Optional<List<IdentityPolicy>> policies, Instant validUntil, long generation) {}

  public IdentityPolicies(
      MetadataStore meta, Function<String, Optional<String>> awsManaged, Clock clock) {
    this.meta = meta;
    this.awsManaged = awsManaged;
    this.clock = clock;
  }

  /** Drops everything cached (after any IAM change). */
  public void invalidate() {
    generation.incrementAndGet();
    cache.clear();
  }

  /**
   * The principal's identity policies; empty when its identity or credential no longer works (a
   * deleted user or role, a deactivated or deleted key, an expired session), in which case nothing
   * is allowed. Registry tokens are checked the same way, so they stop working with their key.
   */
  public Optional<List<IdentityPolicy>> of(Principal p) {
    if (cache.size() > MAX_CACHED) {
      cache.clear();
    }
    String key = p.type() + "|" + p.sourceArn() + "|" + p.accessKeyId();
    long current = generation.get();
    Instant now = clock.instant();
    Entry e = cache.get(key);
    if (e != null && e.generation() == current && now.isBefore(e.validUntil())) {
      return e.policies();
    }
    Entry loaded =
        new Entry(credentialWorks(p) ? load(p) : Optional.empty(), validUntil(p, now), current);
    cache.merge(key, loaded, (old, fresh) -> old.generation() > fresh.generation() ? old : fresh);
    return loaded.policies();
  }

  /** Whether the key behind the principal is still active (simulations carry no key). */
  private boolean credentialWorks(Principal p) {
    if (p.accessKeyId().isEmpty()) {
      return true;
    }
    if (p.accessKeyId().startsWith("ASIA")) {
      return meta.sessions()
          .find(p.accessKeyId())
          .filter(s -> s.expiresAt().isAfter(clock.instant()))
          .isPresent();
    }
    return meta.accessKeys()
        .find(p.accessKeyId())
        .filter(k -> k.active() && k.account().equals(p.account()))
        .isPresent();
  }

  private Instant validUntil(Principal p, Instant now) {
    Instant ttl = now.plus(TTL);
    if (p.accessKeyId().startsWith("ASIA")) {
      Instant expiry =
          meta.sessions().find(p.accessKeyId()).map(s -> s.expiresAt()).orElse(Instant.MIN);
      return expiry.isBefore(ttl) ? expiry : ttl;
    }
    return ttl;
  }

  private Optional<List<IdentityPolicy>> load(Principal p) {
    AccountId account = p.account();
    List<IdentityPolicy> out = new ArrayList<>();
    switch (p.type()) {
      case ROOT -> {
        return Optional.of(List.of());
      }
      case USER -> {
        Optional<IamEntity> user = meta.iam().find(IamEntity.Type.USER, account, p.name());
        if (user.isEmpty() || !user.get().arn().equals(p.sourceArn())) {
          return Optional.empty();
        }
        add(out, account, IamEntity.Type.USER, user.get().name());
        for (IamEntity g : meta.iam().groupsOf(account, user.get().name())) {
          add(out, account, IamEntity.Type.GROUP, g.name());
        }
      }
      case ASSUMED_ROLE -> {
        String role = p.sourceArn().substring(p.sourceArn().lastIndexOf('/') + 1);
        Optional<IamEntity> r = meta.iam().find(IamEntity.Type.ROLE, account, role);
        if (r.isEmpty() || !r.get().arn().equals(p.sourceArn())) {
          return Optional.empty();
        }
        add(out, account, IamEntity.Type.ROLE, r.get().name());
      }
    }
    return Optional.of(List.copyOf(out));
  }

  private void add(List<IdentityPolicy> out, AccountId account, IamEntity.Type type, String name) {
    for (String arn : meta.iamPolicies().attached(account, type, name)) {
      document(arn)
          .ifPresent(d -> out.add(new IdentityPolicy(arn.substring(arn.lastIndexOf('/') + 1), d)));
    }
    meta.iamPolicies()
        .inlines(account, type, name)
        .forEach((n, d) -> out.add(new IdentityPolicy(n, d)));
  }

  private Optional<String> document(String arn) {
    Optional<String> aws = awsManaged.apply(arn);
    if (aws.isPresent()) {
      return aws;
    }
    return meta.iamPolicies()
        .findPolicy(arn)
        .flatMap(p -> meta.iamPolicies().version(arn, p.defaultVersion()))
        .map(PolicyVersion::document);
  }
}
