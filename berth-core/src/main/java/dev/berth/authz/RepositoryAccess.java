package dev.berth.authz;

import dev.berth.auth.Principal;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Authorization of {@code ecr:*} actions on repositories (with their policy and tags) and on other
 * ECR resources; shared by the ECR API and {@code /v2/}.
 */
public final class RepositoryAccess {
  /** How long a repository's policy and tags are reused before they are read again. */
  public static final Duration TTL = Duration.ofSeconds(5);

  /** {@code arn:aws:iam::<account>:user|role/<path/><name>}. */
  private static final java.util.regex.Pattern IAM_ENTITY =
      java.util.regex.Pattern.compile(
          "arn:aws[a-z-]*:iam::([0-9]{12}):(user|role)/(?:.*/)?([^/]+)");

  private final Authorizer authorizer;
  private final MetadataStore meta;
  private final Clock clock;
  private final Map<String, Resource> resources = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  /**
   * What authorization reads of a repository, when, and at which invalidation generation (read
   * before loading: an entry loaded while an invalidation ran is never used after it).
   */
  private record Resource(
      Map<String, String> tags, Optional<String> policy, Instant loadedAt, long generation) {}

  public RepositoryAccess(Authorizer authorizer, MetadataStore meta, Clock clock) {
    this.authorizer = authorizer;
    this.meta = meta;
    this.clock = clock;
  }

  public static String arn(RegistryId registry, RepositoryName name) {
    return registry.arn("repository/" + name.value());
  }

  /**
   * Checks {@code action} on the named repository, which may not exist ({@code repo} empty): then
   * only the caller's identity policies can allow it.
   */
  public void check(
      Principal p,
      String sourceIp,
      String action,
      RegistryId registry,
      RepositoryName name,
      Optional<Repository> repo) {
    authorizer.check(request(p, sourceIp, action, arn(registry, name), registry.account(), repo));
  }

  /** Whether the principal's credential still works (see {@link Authorizer#credentialWorks}). */
  public boolean credentialWorks(Principal p) {
    return authorizer.credentialWorks(p);
  }

  /** Whether {@code action} on the repository is allowed (for filtering listings). */
  public boolean allowed(Principal p, String sourceIp, String action, Repository repo) {
    return authorizer
        .decide(request(p, sourceIp, action, repo.arn(), repo.account(), Optional.of(repo)))
        .allowed();
  }

  /**
   * Whether {@code action} on the repository would be allowed if {@code policy} were its repository
   * policy (SetRepositoryPolicy's lock-out check).
   */
  public boolean allowedUnder(
      Principal p, String sourceIp, String action, Repository repo, String policy) {
    AccessRequest now = request(p, sourceIp, action, repo.arn(), repo.account(), Optional.of(repo));
    return authorizer
        .decide(
            new AccessRequest(
                p, action, now.resourceArn(), repo.account(), Optional.of(policy), now.context()))
        .allowed();
  }

  /**
   * The IAM users and roles a resource policy names that do not exist (ECR refuses such a policy;
   * account principals are not checked, as AWS does not check them).
   */
  public List<String> unknownPrincipals(String policy) {
    List<String> out = new java.util.ArrayList<>();
    for (String arn :
        dev.berth.policy.Policy.parseStored(policy, dev.berth.policy.PolicyKind.RESOURCE)
            .principalArns()) {
      java.util.regex.Matcher m = IAM_ENTITY.matcher(arn);
      if (!m.matches()) {
        continue;
      }
      IamEntity.Type type = m.group(2).equals("user") ? IamEntity.Type.USER : IamEntity.Type.ROLE;
      if (meta.iam().find(type, new AccountId(m.group(1)), m.group(3)).isEmpty()) {
        out.add(arn);
      }
    }
    return out;
  }

  /** Checks an action on a resource of the caller's account that is not an existing repository. */
  public void checkResource(
      Principal p,
      String sourceIp,
      String action,
      String resourceArn,
      Map<String, String> requestTags) {
    Map<String, List<String>> ctx = Contexts.base(p, sourceIp, false, clock.instant());
    if (!requestTags.isEmpty()) {
      ctx = Contexts.withRequestTags(ctx, requestTags);
    }
    authorizer.check(new AccessRequest(p, action, resourceArn, p.account(), Optional.empty(), ctx));
  }

  /**
   * Forgets cached policies and tags (after a change on this node; other nodes see changes within
   * {@link #TTL}, like IAM's own propagation delay).
   */
  public void invalidate() {
    generation.incrementAndGet();
    resources.clear();
  }

  private Resource resource(Repository repo) {
    long current = generation.get();
    Instant now = clock.instant();
    Resource r = resources.get(repo.id());
    if (r != null && r.generation() == current && !r.loadedAt().plus(TTL).isBefore(now)) {
      return r;
    }
    if (resources.size() > 10_000) {
      resources.clear();
    }
    Resource loaded =
        new Resource(
            meta.resourceTags().tags(repo.arn()),
            meta.resourcePolicies().repositoryPolicy(repo.id()),
            now,
            current);
    resources.merge(
        repo.id(), loaded, (old, fresh) -> old.generation() > fresh.generation() ? old : fresh);
    return loaded;
  }

  /**
   * Whether an action on a resource of the caller's account that is not an existing repository
   * would be allowed (for showing or hiding a control, such as "create repository").
   */
  public boolean allowedResource(Principal p, String sourceIp, String action, String resourceArn) {
    return authorizer
        .decide(
            new AccessRequest(
                p,
                action,
                resourceArn,
                p.account(),
                Optional.empty(),
                Contexts.base(p, sourceIp, false, clock.instant())))
        .allowed();
  }

  private AccessRequest request(
      Principal p,
      String sourceIp,
      String action,
      String arn,
      AccountId account,
      Optional<Repository> repo) {
    Map<String, List<String>> ctx = Contexts.base(p, sourceIp, false, clock.instant());
    Optional<String> policy = Optional.empty();
    if (repo.isPresent()) {
      Resource r = resource(repo.get());
      ctx = Contexts.withResourceTags(ctx, r.tags());
      policy = r.policy();
    }
    return new AccessRequest(p, action, arn, account, policy, ctx);
  }
}
