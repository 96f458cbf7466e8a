package dev.berth.pullthrough;

import dev.berth.distribution.DistributionClient;
import dev.berth.distribution.DistributionException;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.PullThroughRule;
import dev.berth.model.RegistryId;
import dev.berth.model.RepositoryName;
import dev.berth.secrets.SecretsService;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * ECR's pull-through cache rules of a registry: create, describe, update, delete, validate, and
 * which rule a repository name falls under.
 */
public final class PullThroughRules {
  /** ECR's quota of pull-through cache rules per registry. */
  public static final int LIMIT = 50;

  /** The prefix that matches every repository (ECR's {@code ROOT}). */
  public static final String ROOT = "ROOT";

  private final MetadataStore meta;
  private final RuleCredentials credentials;
  private final HttpClient http;
  private final Clock clock;

  public PullThroughRules(
      MetadataStore meta, SecretsService secrets, HttpClient http, Clock clock) {
    this.meta = meta;
    this.credentials = new RuleCredentials(secrets);
    this.http = http;
    this.clock = clock;
  }

  /**
   * The client a pull-through uses: redirects followed (but not to plain HTTP), 10 s to connect.
   */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(java.time.Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** Creates a rule; the secret, when named, must hold usable credentials. */
  public PullThroughRule create(
      RegistryId registry,
      String ecrRepositoryPrefix,
      String upstreamRegistryUrl,
      Optional<String> upstreamRegistry,
      Optional<String> upstreamRepositoryPrefix,
      Optional<String> credentialArn,
      Optional<String> customRoleArn) {
    String prefix = prefix(ecrRepositoryPrefix);
    Upstream upstream = Upstream.of(upstreamRegistryUrl, upstreamRegistry);
    if (upstream.credentialsRequired() && credentialArn.isEmpty()) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "A credentialArn is required for the upstream registry '" + upstream.kind() + "'");
    }
    credentialArn.ifPresent(arn -> credentials.read(registry, arn));
    Instant now = clock.instant();
    PullThroughRule rule =
        new PullThroughRule(
            registry,
            prefix,
            upstreamRegistryUrl,
            upstream.kind(),
            upstreamRepositoryPrefix.map(PullThroughRules::prefix).orElse(ROOT),
            credentialArn,
            customRoleArn,
            now,
            now);
    if (meta.pullThroughRules().list(registry).size() >= LIMIT) {
      throw new RegistryException(
          ErrorKind.LIMIT_EXCEEDED,
          "The maximum number of pull through cache rules (" + LIMIT + ") has been reached");
    }
    if (!meta.pullThroughRules().insert(rule)) {
      throw new RegistryException(
          ErrorKind.ENTITY_ALREADY_EXISTS,
          "A pull through cache rule with prefix '"
              + prefix
              + "' already exists in the registry with id '"
              + registry.account().value()
              + "'");
    }
    return rule;
  }

  /** The named rules (every one must exist), or all of the registry's when none are named. */
  public List<PullThroughRule> describe(RegistryId registry, List<String> prefixes) {
    if (prefixes.isEmpty()) {
      return meta.pullThroughRules().list(registry);
    }
    List<PullThroughRule> out = new ArrayList<>();
    for (String p : prefixes) {
      out.add(get(registry, p));
    }
    return List.copyOf(out);
  }

  public PullThroughRule get(RegistryId registry, String ecrRepositoryPrefix) {
    String prefix = prefix(ecrRepositoryPrefix);
    return meta.pullThroughRules()
        .find(registry, prefix)
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorKind.NO_SUCH_ENTITY,
                    "The pull through cache rule with prefix '"
                        + prefix
                        + "' does not exist in the registry with id '"
                        + registry.account().value()
                        + "'"));
  }

  /** Replaces the rule's credentials and role; the new secret must hold usable credentials. */
  public PullThroughRule update(
      RegistryId registry,
      String ecrRepositoryPrefix,
      Optional<String> credentialArn,
      Optional<String> customRoleArn) {
    PullThroughRule current = get(registry, ecrRepositoryPrefix);
    credentialArn.ifPresent(arn -> credentials.read(registry, arn));
    PullThroughRule updated =
        current.updated(
            credentialArn.or(current::credentialArn),
            customRoleArn.or(current::customRoleArn),
            clock.instant());
    if (!meta.pullThroughRules().update(updated)) {
      throw new RegistryException(ErrorKind.NO_SUCH_ENTITY, "the rule was deleted meanwhile");
    }
    return updated;
  }

  /** Deletes the rule; cache repositories it created stay, as in ECR. */
  public PullThroughRule delete(RegistryId registry, String ecrRepositoryPrefix) {
    PullThroughRule rule = get(registry, ecrRepositoryPrefix);
    meta.pullThroughRules().delete(registry, rule.ecrRepositoryPrefix());
    return rule;
  }

  /** Contacts the upstream's {@code /v2/} with the rule's credentials. */
  public ValidationResult validate(RegistryId registry, String ecrRepositoryPrefix) {
    PullThroughRule rule = get(registry, ecrRepositoryPrefix);
    try {
      return new ValidationResult(rule, client(rule).check());
    } catch (RegistryException e) {
      return new ValidationResult(rule, Optional.of(e.getMessage()));
    } catch (DistributionException e) {
      return new ValidationResult(
          rule,
          Optional.of(
              e.getMessage() + Optional.ofNullable(e.getCause()).map(c -> ": " + c).orElse("")));
    }
  }

  /** The rule a repository name falls under (the longest matching prefix; ROOT last). */
  Optional<RuleMatch> match(RegistryId registry, RepositoryName name) {
    String n = name.value();
    return meta.pullThroughRules().list(registry).stream()
        .filter(
            r ->
                ROOT.equals(r.ecrRepositoryPrefix()) || n.startsWith(r.ecrRepositoryPrefix() + "/"))
        .max(
            Comparator.comparingInt(
                r -> ROOT.equals(r.ecrRepositoryPrefix()) ? 0 : r.ecrRepositoryPrefix().length()))
        .map(r -> RuleMatch.of(r, n));
  }

  /** A client of the rule's upstream with the rule's current credentials. */
  DistributionClient client(PullThroughRule rule) {
    return new DistributionClient(
        http,
        Upstream.of(rule.upstreamRegistryUrl(), Optional.empty()).base(),
        credentials.of(rule));
  }

  /** A prefix without its trailing slash (ECR always assumes one). */
  static String prefix(String text) {
    String p = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    if (p.isEmpty()) {
      throw new RegistryException(ErrorKind.INVALID_PARAMETER, "The prefix must not be empty");
    }
    return p;
  }
}
