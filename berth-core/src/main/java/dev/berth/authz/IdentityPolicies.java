package dev.berth.authz;

import dev.berth.auth.Principal;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.PolicyVersion;
import dev.berth.model.AccountId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The identity policies that apply to a principal: a user's attached and inline policies and its
 * groups'; a role session's role's. Cached per identity until {@link #invalidate}.
 */
public final class IdentityPolicies {
  private static final int MAX_CACHED = 10_000;

  private final MetadataStore meta;
  private final Function<String, Optional<String>> awsManaged;
  private final Clock clock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  /** Cached policies, usable until {@code validUntil} (a session's expiry). */
  private record Entry(Optional<List<IdentityPolicy>> policies, Instant validUntil) {}

  public IdentityPolicies(
      MetadataStore meta, Function<String, Optional<String>> awsManaged, Clock clock) {
    this.meta = meta;
    this.awsManaged = awsManaged;
    this.clock = clock;
  }

  /** Drops everything cached (after any IAM change). */
  public void invalidate() {
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
    Entry e = cache.get(key);
    if (e == null || !clock.instant().isBefore(e.validUntil())) {
      e = new Entry(credentialWorks(p) ? load(p) : Optional.empty(), validUntil(p));
      cache.put(key, e);
    }
    return e.policies();
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

  private Instant validUntil(Principal p) {
    if (p.accessKeyId().startsWith("ASIA")) {
      return meta.sessions().find(p.accessKeyId()).map(s -> s.expiresAt()).orElse(Instant.MIN);
    }
    return Instant.MAX;
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
