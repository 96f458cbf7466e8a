package dev.berth.app;

import dev.berth.api.oci.PublicHost;
import dev.berth.config.BerthConfig;
import dev.berth.meta.PublicRegistry;
import dev.berth.model.AccountId;
import dev.berth.model.Repository;
import dev.berth.publicregistry.PublicRegistries;
import dev.berth.publicregistry.PullCounter;
import dev.berth.publicregistry.PullRateLimiter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The public host of {@code /v2} ({@code public-host}): a request is for it when its {@code Host}
 * names it (with the configured port, when one is configured); aliases, the pull quotas of the
 * configuration and the pull count come from the public registries.
 */
final class PublicRegistryHost implements PublicHost {
  private final BerthConfig.PublicConfig config;
  private final PublicRegistries registries;
  private final PullCounter pulls;
  private final PullRateLimiter limiter;
  private final String hostName;
  private final boolean withPort;

  PublicRegistryHost(
      BerthConfig.PublicConfig config,
      PublicRegistries registries,
      PullCounter pulls,
      PullRateLimiter limiter) {
    this.config = config;
    this.registries = registries;
    this.pulls = pulls;
    this.limiter = limiter;
    String host = config.host().toLowerCase(Locale.ROOT);
    this.withPort = !withoutPort(host).equals(host);
    this.hostName = host;
  }

  @Override
  public boolean serves(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return (withPort ? h : withoutPort(h)).equals(hostName);
  }

  /** {@code HOST} of {@code HOST[:PORT]} (an IPv6 address keeps its brackets). */
  private static String withoutPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    boolean port = hostPort.startsWith("[") ? colon > hostPort.lastIndexOf(']') : colon > 0;
    return port ? hostPort.substring(0, colon) : hostPort;
  }

  @Override
  public String name() {
    return hostName;
  }

  @Override
  public Optional<AccountId> account(String alias) {
    return registries.byAlias(alias).map(PublicRegistry::account);
  }

  @Override
  public Optional<Duration> admitPull(String client, boolean anonymous) {
    return anonymous
        ? limiter.admit("address " + client, config.anonymousPullRate(), config.pullBurst())
        : limiter.admit("principal " + client, config.authenticatedPullRate(), config.pullBurst());
  }

  @Override
  public void pulled(Repository repo) {
    pulls.pulled(repo);
  }
}
