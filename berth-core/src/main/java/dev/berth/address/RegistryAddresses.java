package dev.berth.address;

import dev.berth.config.BerthConfig;
import dev.berth.model.AccountId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a client reaches an account's registry. Every address Berth hands out (repository URIs,
 * proxy endpoints, the browser's URIs and push commands, layer download URLs) comes from here, so
 * they agree. The rules, for a request that reached this node on {@code Host: H}:
 *
 * <ol>
 *   <li>H is the ECR-style name {@code <account>.dkr.ecr.<region>.<domain>[:port]} of the account
 *       asked about: H, as the client wrote it (it resolves for that client).
 *   <li>The operator set {@code domain} (there is wildcard DNS for it): {@code
 *       <account>.dkr.ecr.<region>.<domain>} for every account, with the port of {@code endpoint}
 *       when set, else the port of H.
 *   <li>Otherwise the default account's registry is {@code endpoint} when set, else H (the address
 *       that reached us, which resolves for the client: {@code 127.0.0.1:5000}); when H is another
 *       account's ECR-style name, the default account's ECR-style name with H's port.
 *   <li>Otherwise another account's registry is {@code <account>.dkr.ecr.<region>.localhost} (the
 *       default domain) with the port of {@code endpoint} or H; these names resolve through the
 *       {@code /etc/hosts} lines of {@link #hostsLines}, which {@code berth hosts} prints.
 * </ol>
 *
 * Any host that is not an ECR-style name selects the default account ({@link #account}).
 */
public final class RegistryAddresses {
  private final String region;
  private final AccountId defaultAccount;
  private final String domain;
  private final boolean wildcardDns;
  private final Optional<String> endpoint;
  private final Pattern ecrHost;

  public RegistryAddresses(BerthConfig.RegistryConfig config) {
    this.region = config.region();
    this.defaultAccount = config.defaultAccount();
    this.domain = config.domain().toLowerCase(Locale.ROOT);
    this.wildcardDns = config.domainSet();
    this.endpoint = config.endpoint().map(e -> e.toLowerCase(Locale.ROOT));
    this.ecrHost =
        Pattern.compile(
            "([0-9]{12})\\.dkr\\.ecr\\." + Pattern.quote(region) + "\\." + Pattern.quote(domain));
  }

  /** The account whose registry this node serves to hosts that are not ECR-style names. */
  public AccountId defaultAccount() {
    return defaultAccount;
  }

  /** {@code <account>.dkr.ecr.<region>.<domain>}, without a port. */
  public String hostName(AccountId account) {
    return account.value() + ".dkr.ecr." + region + "." + domain;
  }

  /**
   * The account an ECR-style host name selects; empty for any other host. {@code host} may carry a
   * port ({@code Host} header) or not (server name), and any case.
   */
  public Optional<AccountId> account(String host) {
    String name = withoutPort(host.toLowerCase(Locale.ROOT));
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    Matcher m = ecrHost.matcher(name);
    return m.matches() ? Optional.of(new AccountId(m.group(1))) : Optional.empty();
  }

  /**
   * {@code HOST[:PORT]} of {@code account}'s registry for a client that reached this node on {@code
   * requestHost} (its {@code Host} header), by the rules of this class.
   */
  public String registry(AccountId account, String requestHost) {
    String host = requestHost.strip().toLowerCase(Locale.ROOT);
    Optional<AccountId> named = account(host);
    if (named.equals(Optional.of(account))) {
      return host;
    }
    if (!wildcardDns && account.equals(defaultAccount)) {
      if (endpoint.isPresent()) {
        return endpoint.get();
      }
      if (named.isEmpty()) {
        return host;
      }
    }
    return hostName(account) + portSuffix(endpoint.orElse(host));
  }

  /**
   * {@code https://HOST[:PORT]} (or {@code http://} for a request that did not come over TLS) of
   * {@code account}'s registry: the {@code proxyEndpoint} of GetAuthorizationToken.
   */
  public String endpoint(AccountId account, String requestHost, boolean secure) {
    return (secure ? "https://" : "http://") + registry(account, requestHost);
  }

  /**
   * Whether {@link #registry} names {@code account}'s registry by an ECR-style name under a domain
   * nobody declared DNS for, so it resolves only through {@code /etc/hosts} ({@code berth hosts}).
   */
  public boolean needsHostsEntry(AccountId account, String requestHost) {
    return !wildcardDns && account(registry(account, requestHost)).isPresent();
  }

  /**
   * {@code /etc/hosts} lines mapping the ECR-style name of each account (and the default account)
   * to {@code address}, one per account in account order.
   */
  public List<String> hostsLines(Collection<AccountId> accounts, String address) {
    TreeSet<String> ids = new TreeSet<>();
    ids.add(defaultAccount.value());
    accounts.forEach(a -> ids.add(a.value()));
    return ids.stream().map(id -> address + " " + hostName(new AccountId(id))).toList();
  }

  /** {@code :PORT} of {@code HOST:PORT} or {@code [V6]:PORT}; empty without a port. */
  static String portSuffix(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    boolean hasPort =
        hostPort.startsWith("[")
            ? colon > hostPort.lastIndexOf(']')
            : colon > 0 && hostPort.indexOf(':') == colon;
    return hasPort ? hostPort.substring(colon) : "";
  }

  /** {@code HOST} of {@code HOST[:PORT]} (brackets of an IPv6 address kept). */
  static String withoutPort(String hostPort) {
    return hostPort.substring(0, hostPort.length() - portSuffix(hostPort).length());
  }
}
