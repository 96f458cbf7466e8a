package dev.berth.address;

import dev.berth.config.BerthConfig;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a client reaches a private registry (an account's registry in one region). Every address
 * Berth hands out (repository URIs, proxy endpoints, the browser's URIs and push commands, layer
 * download URLs) comes from here, so they agree. The rules, for a request that reached this node on
 * {@code Host: H}:
 *
 * <ol>
 *   <li>H is the ECR-style name {@code <account>.dkr.ecr.<region>.<domain>[:port]} of the registry
 *       asked about: H, as the client wrote it (it resolves for that client).
 *   <li>The operator set {@code domain} (there is wildcard DNS for it): {@code
 *       <account>.dkr.ecr.<region>.<domain>} for every registry, with the port of {@code endpoint}
 *       when set, else the port of H.
 *   <li>Otherwise the default account's registry in the home region is {@code endpoint} when set,
 *       else H (the address that reached us, which resolves for the client: {@code
 *       127.0.0.1:5000}); when H is another registry's ECR-style name, the home registry's
 *       ECR-style name with H's port.
 *   <li>Otherwise another registry is {@code <account>.dkr.ecr.<region>.localhost} (the default
 *       domain) with the port of {@code endpoint} or H; these names resolve through the {@code
 *       /etc/hosts} lines of {@link #hostsLines}, which {@code berth hosts} prints.
 * </ol>
 *
 * Any host that is not an ECR-style name of a served region selects the home registry ({@link
 * #registryOf}).
 */
public final class RegistryAddresses {
  private final RegistryId home;
  private final List<String> regions;
  private final String domain;
  private final boolean wildcardDns;
  private final Optional<String> endpoint;
  private final Pattern ecrHost;
  private final Pattern anyRegionHost;

  public RegistryAddresses(BerthConfig.RegistryConfig config) {
    this.home = config.home();
    this.regions = config.regions();
    this.domain = config.domain().toLowerCase(Locale.ROOT);
    this.wildcardDns = config.domainSet();
    this.endpoint = config.endpoint().map(e -> e.toLowerCase(Locale.ROOT));
    this.ecrHost =
        Pattern.compile(
            "([0-9]{12})\\.dkr\\.ecr\\.("
                + String.join("|", regions.stream().map(Pattern::quote).toList())
                + ")\\."
                + Pattern.quote(domain));
    this.anyRegionHost =
        Pattern.compile(
            "[0-9]{12}\\.dkr\\.ecr\\.([a-z]{2}(?:-[a-z]+)+-[0-9]+)\\." + Pattern.quote(domain));
  }

  /** The account whose registry this node serves to hosts that are not ECR-style names. */
  public AccountId defaultAccount() {
    return home.account();
  }

  /** The default account's registry in the home region. */
  public RegistryId home() {
    return home;
  }

  /** Every region the deployment serves, the home region first. */
  public List<String> regions() {
    return regions;
  }

  /** {@code <account>.dkr.ecr.<region>.<domain>}, without a port. */
  public String hostName(RegistryId registry) {
    return registry.account().value() + ".dkr.ecr." + registry.region() + "." + domain;
  }

  /**
   * The registry an ECR-style host name of a served region selects; empty for any other host.
   * {@code host} may carry a port ({@code Host} header) or not (server name), and any case.
   */
  public Optional<RegistryId> registry(String host) {
    Matcher m = ecrHost.matcher(bare(host));
    return m.matches()
        ? Optional.of(new RegistryId(new AccountId(m.group(1)), m.group(2)))
        : Optional.empty();
  }

  /**
   * The region an ECR-style host name under the domain names when the deployment does not serve it
   * (a request there must not land in the home registry); empty for every other host.
   */
  public Optional<String> unservedRegion(String host) {
    Matcher m = anyRegionHost.matcher(bare(host));
    return m.matches() && !regions.contains(m.group(1))
        ? Optional.of(m.group(1))
        : Optional.empty();
  }

  /** The registry a request on {@code host} addresses: its ECR-style name's, else the home one. */
  public RegistryId registryOf(String host) {
    return registry(host).orElse(home);
  }

  /**
   * {@code HOST[:PORT]} of {@code registry} for a client that reached this node on {@code
   * requestHost} (its {@code Host} header), by the rules of this class.
   */
  public String registry(RegistryId registry, String requestHost) {
    String host = requestHost.strip().toLowerCase(Locale.ROOT);
    Optional<RegistryId> named = registry(host);
    if (named.equals(Optional.of(registry))) {
      return host;
    }
    if (!wildcardDns && registry.equals(home)) {
      if (endpoint.isPresent()) {
        return endpoint.get();
      }
      if (named.isEmpty()) {
        return host;
      }
    }
    return hostName(registry) + portSuffix(endpoint.orElse(host));
  }

  /**
   * {@code https://HOST[:PORT]} (or {@code http://} for a request that did not come over TLS) of
   * {@code registry}: the {@code proxyEndpoint} of GetAuthorizationToken.
   */
  public String endpoint(RegistryId registry, String requestHost, boolean secure) {
    return (secure ? "https://" : "http://") + registry(registry, requestHost);
  }

  /**
   * Whether {@link #registry(RegistryId, String)} names {@code registry} by an ECR-style name under
   * a domain nobody declared DNS for, so it resolves only through {@code /etc/hosts} ({@code berth
   * hosts}).
   */
  public boolean needsHostsEntry(RegistryId registry, String requestHost) {
    return !wildcardDns && registry(registry(registry, requestHost)).isPresent();
  }

  /**
   * {@code /etc/hosts} lines mapping the ECR-style name of each account's (and the default
   * account's) registry in every served region to {@code address}, in account then region order.
   */
  public List<String> hostsLines(Collection<AccountId> accounts, String address) {
    TreeSet<String> ids = new TreeSet<>();
    ids.add(home.account().value());
    accounts.forEach(a -> ids.add(a.value()));
    List<String> lines = new java.util.ArrayList<>();
    for (String id : ids) {
      for (String region : regions) {
        lines.add(address + " " + hostName(new RegistryId(new AccountId(id), region)));
      }
    }
    return List.copyOf(lines);
  }

  /** The host name alone: lower case, without port or a final dot. */
  private static String bare(String host) {
    String name = withoutPort(host.toLowerCase(Locale.ROOT));
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** {@code :PORT} of {@code HOST:PORT} or {@code [V6]:PORT}; empty without a port. */
  public static String portSuffix(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    boolean hasPort =
        hostPort.startsWith("[")
            ? colon > hostPort.lastIndexOf(']')
            : colon > 0 && hostPort.indexOf(':') == colon;
    return hasPort ? hostPort.substring(colon) : "";
  }

  /**
   * {@code host} as a client that reached this node on {@code requestHost} (its {@code Host}
   * header) writes it: a host configured without a port takes the port of the request.
   */
  public static String withPortOf(String host, String requestHost) {
    return portSuffix(host).isEmpty() ? host + portSuffix(requestHost) : host;
  }

  /** {@code HOST} of {@code HOST[:PORT]} (brackets of an IPv6 address kept). */
  static String withoutPort(String hostPort) {
    return hostPort.substring(0, hostPort.length() - portSuffix(hostPort).length());
  }
}
