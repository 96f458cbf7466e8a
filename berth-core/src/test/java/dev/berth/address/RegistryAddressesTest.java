package dev.berth.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ConfigLoader;
import dev.berth.model.AccountId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The address rules of {@link RegistryAddresses} (issue 11: URIs that work when pasted). */
class RegistryAddressesTest {
  private static final AccountId DEFAULT = new AccountId("000000000000");
  private static final AccountId OTHER = new AccountId("222222222222");
  private static final String OTHER_HOST = "222222222222.dkr.ecr.us-east-1.localhost";

  private static RegistryAddresses addresses(Map<String, String> config) {
    return new RegistryAddresses(ConfigLoader.load(Optional.empty(), Map.of(), config).registry());
  }

  @Test
  void byDefault_theDefaultAccountIsWhereverTheClientReachedUs() {
    RegistryAddresses a = addresses(Map.of());
    assertThat(a.registry(DEFAULT, "127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
    assertThat(a.registry(DEFAULT, "Registry.LAN:8080")).isEqualTo("registry.lan:8080");
    assertThat(a.registry(DEFAULT, "[::1]:5000")).isEqualTo("[::1]:5000");
    assertThat(a.registry(DEFAULT, "registry.lan")).isEqualTo("registry.lan");
    assertThat(a.endpoint(DEFAULT, "127.0.0.1:5000", false)).isEqualTo("http://127.0.0.1:5000");
    assertThat(a.endpoint(DEFAULT, "127.0.0.1:5000", true)).isEqualTo("https://127.0.0.1:5000");
    assertThat(a.needsHostsEntry(DEFAULT, "127.0.0.1:5000")).isFalse();
  }

  @Test
  void byDefault_anotherAccountIsItsLocalhostNameOnTheClientsPort() {
    RegistryAddresses a = addresses(Map.of());
    assertThat(a.registry(OTHER, "127.0.0.1:5000")).isEqualTo(OTHER_HOST + ":5000");
    assertThat(a.registry(OTHER, "[::1]:5000")).isEqualTo(OTHER_HOST + ":5000");
    assertThat(a.registry(OTHER, "registry.lan")).isEqualTo(OTHER_HOST);
    assertThat(a.needsHostsEntry(OTHER, "127.0.0.1:5000")).isTrue();
  }

  @Test
  void aRequestOnAnAccountsOwnName_keepsThatNameForThatAccountOnly() {
    RegistryAddresses a = addresses(Map.of("endpoint", "lb.example.com"));
    assertThat(a.registry(OTHER, OTHER_HOST.toUpperCase(java.util.Locale.ROOT) + ":5001"))
        .isEqualTo(OTHER_HOST + ":5001");
    // The default account's registry is not on account 2's name, so a client using that name
    // gets the default account's own ECR-style name (it has the hosts lines) or the endpoint.
    assertThat(addresses(Map.of()).registry(DEFAULT, OTHER_HOST + ":5001"))
        .isEqualTo("000000000000.dkr.ecr.us-east-1.localhost:5001");
    assertThat(a.registry(DEFAULT, OTHER_HOST + ":5001")).isEqualTo("lb.example.com");
  }

  @Test
  void aConfiguredEndpoint_namesTheDefaultAccount_andGivesItsPortToOthers() {
    RegistryAddresses a = addresses(Map.of("endpoint", "Registry.Example.com:443"));
    assertThat(a.registry(DEFAULT, "10.0.0.5:5000")).isEqualTo("registry.example.com:443");
    assertThat(a.registry(OTHER, "10.0.0.5:5000")).isEqualTo(OTHER_HOST + ":443");
    RegistryAddresses noPort = addresses(Map.of("endpoint", "registry.example.com"));
    assertThat(noPort.registry(OTHER, "10.0.0.5:5000")).isEqualTo(OTHER_HOST);
  }

  @Test
  void aConfiguredDomain_isTheEcrSchemeForEveryAccount() {
    RegistryAddresses a = addresses(Map.of("domain", "registry.example.com"));
    assertThat(a.registry(DEFAULT, "127.0.0.1:5000"))
        .isEqualTo("000000000000.dkr.ecr.us-east-1.registry.example.com:5000");
    assertThat(a.registry(OTHER, "127.0.0.1:5000"))
        .isEqualTo("222222222222.dkr.ecr.us-east-1.registry.example.com:5000");
    assertThat(a.needsHostsEntry(OTHER, "127.0.0.1:5000")).isFalse();
    RegistryAddresses behindLb =
        addresses(Map.of("domain", "registry.example.com", "endpoint", "lb.example.com"));
    assertThat(behindLb.registry(DEFAULT, "10.0.0.5:5000"))
        .isEqualTo("000000000000.dkr.ecr.us-east-1.registry.example.com");
  }

  @Test
  void account_readsEcrStyleNamesOfThisRegionAndDomainOnly() {
    RegistryAddresses a = addresses(Map.of());
    assertThat(a.account(OTHER_HOST)).contains(OTHER);
    assertThat(a.account(OTHER_HOST + ":5000")).contains(OTHER);
    assertThat(a.account("222222222222.DKR.ECR.US-EAST-1.LOCALHOST.")).contains(OTHER);
    assertThat(a.account("222222222222.dkr.ecr.eu-west-1.localhost")).isEmpty();
    assertThat(a.account("222222222222.dkr.ecr.us-east-1.example.com")).isEmpty();
    assertThat(a.account("x222222222222.dkr.ecr.us-east-1.localhost")).isEmpty();
    assertThat(a.account("127.0.0.1:5000")).isEmpty();
    assertThat(addresses(Map.of("domain", "example.com")).account(OTHER_HOST)).isEmpty();
  }

  @Test
  void hostsLines_nameEveryAccountOnceWithTheDefaultAccount() {
    RegistryAddresses a = addresses(Map.of("region", "eu-west-1"));
    assertThat(a.hostsLines(List.of(OTHER, DEFAULT, OTHER), "10.0.0.5"))
        .containsExactly(
            "10.0.0.5 000000000000.dkr.ecr.eu-west-1.localhost",
            "10.0.0.5 222222222222.dkr.ecr.eu-west-1.localhost");
  }

  @Test
  void portSuffix_handlesNamesIpv4AndBracketedIpv6() {
    assertThat(RegistryAddresses.portSuffix("h:1")).isEqualTo(":1");
    assertThat(RegistryAddresses.portSuffix("h")).isEmpty();
    assertThat(RegistryAddresses.portSuffix("[::1]:5000")).isEqualTo(":5000");
    assertThat(RegistryAddresses.portSuffix("[::1]")).isEmpty();
    assertThat(RegistryAddresses.portSuffix("::1")).isEmpty();
    assertThat(RegistryAddresses.withoutPort("[::1]:5000")).isEqualTo("[::1]");
  }
}
