package dev.berth.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ConfigLoader;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The address rules of {@link RegistryAddresses} (issue 11: URIs that work when pasted). */
class RegistryAddressesTest {
  private static final AccountId DEFAULT = new AccountId("000000000000");
  private static final AccountId OTHER = new AccountId("222222222222");
  private static final String OTHER_HOST = "222222222222.dkr.ecr.us-east-1.localhost";
  private static final RegistryId HOME = new RegistryId(DEFAULT, "us-east-1");
  private static final RegistryId OTHERS = new RegistryId(OTHER, "us-east-1");

  private static RegistryAddresses addresses(Map<String, String> config) {
    return new RegistryAddresses(ConfigLoader.load(Optional.empty(), Map.of(), config).registry());
  }

  @Test
  void byDefault_theDefaultAccountIsWhereverTheClientReachedUs() {
    RegistryAddresses a = addresses(Map.of());
    assertThat(a.registry(HOME, "127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
    assertThat(a.registry(HOME, "Registry.LAN:8080")).isEqualTo("registry.lan:8080");
    assertThat(a.registry(HOME, "[::1]:5000")).isEqualTo("[::1]:5000");
    assertThat(a.registry(HOME, "registry.lan")).isEqualTo("registry.lan");
    assertThat(a.endpoint(HOME, "127.0.0.1:5000", false)).isEqualTo("http://127.0.0.1:5000");
    assertThat(a.endpoint(HOME, "127.0.0.1:5000", true)).isEqualTo("https://127.0.0.1:5000");
    assertThat(a.needsHostsEntry(HOME, "127.0.0.1:5000")).isFalse();
  }

  @Test
  void byDefault_anotherAccountIsItsLocalhostNameOnTheClientsPort() {
    RegistryAddresses a = addresses(Map.of());
    assertThat(a.registry(OTHERS, "127.0.0.1:5000")).isEqualTo(OTHER_HOST + ":5000");
    assertThat(a.registry(OTHERS, "[::1]:5000")).isEqualTo(OTHER_HOST + ":5000");
    assertThat(a.registry(OTHERS, "registry.lan")).isEqualTo(OTHER_HOST);
    assertThat(a.needsHostsEntry(OTHERS, "127.0.0.1:5000")).isTrue();
  }

  @Test
  void aRequestOnAnAccountsOwnName_keepsThatNameForThatAccountOnly() {
    RegistryAddresses a = addresses(Map.of("endpoint", "lb.example.com"));
    assertThat(a.registry(OTHERS, OTHER_HOST.toUpperCase(java.util.Locale.ROOT) + ":5001"))
        .isEqualTo(OTHER_HOST + ":5001");
    // The default account's registry is not on account 2's name, so a client using that name
    // gets the default account's own ECR-style name (it has the hosts lines) or the endpoint.
    assertThat(addresses(Map.of()).registry(HOME, OTHER_HOST + ":5001"))
        .isEqualTo("000000000000.dkr.ecr.us-east-1.localhost:5001");
    assertThat(a.registry(HOME, OTHER_HOST + ":5001")).isEqualTo("lb.example.com");
  }

  @Test
  void aConfiguredEndpoint_namesTheDefaultAccount_andGivesItsPortToOthers() {
    RegistryAddresses a = addresses(Map.of("endpoint", "Registry.Example.com:443"));
    assertThat(a.registry(HOME, "10.0.0.5:5000")).isEqualTo("registry.example.com:443");
    assertThat(a.registry(OTHERS, "10.0.0.5:5000")).isEqualTo(OTHER_HOST + ":443");
    RegistryAddresses noPort = addresses(Map.of("endpoint", "registry.example.com"));
    assertThat(noPort.registry(OTHERS, "10.0.0.5:5000")).isEqualTo(OTHER_HOST);
  }

  @Test
  void aConfiguredDomain_isTheEcrSchemeForEveryAccount() {
    RegistryAddresses a = addresses(Map.of("domain", "registry.example.com"));
    assertThat(a.registry(HOME, "127.0.0.1:5000"))
        .isEqualTo("000000000000.dkr.ecr.us-east-1.registry.example.com:5000");
    assertThat(a.registry(OTHERS, "127.0.0.1:5000"))
        .isEqualTo("222222222222.dkr.ecr.us-east-1.registry.example.com:5000");
    assertThat(a.needsHostsEntry(OTHERS, "127.0.0.1:5000")).isFalse();
    RegistryAddresses behindLb =
        addresses(Map.of("domain", "registry.example.com", "endpoint", "lb.example.com"));
    assertThat(behindLb.registry(HOME, "10.0.0.5:5000"))
        .isEqualTo("000000000000.dkr.ecr.us-east-1.registry.example.com");
  }

  @Test
  void registry_readsEcrStyleNamesOfServedRegionsAndTheDomainOnly() {
    RegistryAddresses a = addresses(Map.of());
    assertThat(a.registry(OTHER_HOST)).contains(OTHERS);
    assertThat(a.registry(OTHER_HOST + ":5000")).contains(OTHERS);
    assertThat(a.registry("222222222222.DKR.ECR.US-EAST-1.LOCALHOST.")).contains(OTHERS);
    assertThat(a.registry("222222222222.dkr.ecr.eu-west-1.localhost")).isEmpty();
    assertThat(a.registry("222222222222.dkr.ecr.us-east-1.example.com")).isEmpty();
    assertThat(a.registry("x222222222222.dkr.ecr.us-east-1.localhost")).isEmpty();
    assertThat(a.registry("127.0.0.1:5000")).isEmpty();
    assertThat(a.registryOf("127.0.0.1:5000")).isEqualTo(HOME);
    assertThat(addresses(Map.of("domain", "example.com")).registry(OTHER_HOST)).isEmpty();
  }

  @Test
  void everyServedRegion_hasItsOwnNames_theHomeRegionKeepsTheClientsAddress() {
    RegistryAddresses a = addresses(Map.of("regions", "eu-west-1, ap-south-1"));
    RegistryId dublin = new RegistryId(DEFAULT, "eu-west-1");
    assertThat(a.registry("000000000000.dkr.ecr.eu-west-1.localhost:5000")).contains(dublin);
    assertThat(a.registry("222222222222.dkr.ecr.ap-south-1.localhost"))
        .contains(new RegistryId(OTHER, "ap-south-1"));
    assertThat(a.registry("222222222222.dkr.ecr.us-west-2.localhost")).isEmpty();
    assertThat(a.unservedRegion("222222222222.dkr.ecr.us-west-2.localhost:5000"))
        .contains("us-west-2");
    assertThat(a.unservedRegion("222222222222.dkr.ecr.eu-west-1.localhost")).isEmpty();
    assertThat(a.unservedRegion("registry.lan:5000")).isEmpty();
    assertThat(a.registry(HOME, "127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
    assertThat(a.registry(dublin, "127.0.0.1:5000"))
        .isEqualTo("000000000000.dkr.ecr.eu-west-1.localhost:5000");
    assertThat(a.needsHostsEntry(dublin, "127.0.0.1:5000")).isTrue();
    assertThat(a.hostsLines(List.of(OTHER), "127.0.0.1"))
        .containsExactly(
            "127.0.0.1 000000000000.dkr.ecr.us-east-1.localhost",
            "127.0.0.1 000000000000.dkr.ecr.eu-west-1.localhost",
            "127.0.0.1 000000000000.dkr.ecr.ap-south-1.localhost",
            "127.0.0.1 222222222222.dkr.ecr.us-east-1.localhost",
            "127.0.0.1 222222222222.dkr.ecr.eu-west-1.localhost",
            "127.0.0.1 222222222222.dkr.ecr.ap-south-1.localhost");
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
