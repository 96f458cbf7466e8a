package dev.berth.pullthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.PullThroughRule;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Upstream kinds and how repository names map onto upstream repositories. */
class PullThroughUpstreamTest {
  @Test
  void knownUpstreams_haveEcrsKindsOverHttps() {
    assertThat(Upstream.of("registry-1.docker.io", Optional.empty()))
        .extracting(Upstream::kind, u -> u.base().toString(), Upstream::credentialsRequired)
        .containsExactly("docker-hub", "https://registry-1.docker.io/", true);
    assertThat(Upstream.of("public.ecr.aws", Optional.of("ecr-public")).credentialsRequired())
        .isFalse();
    assertThat(Upstream.of("myreg.azurecr.io", Optional.empty()).kind())
        .isEqualTo("azure-container-registry");
  }

  @Test
  void anHttpUrl_isAGenericOciUpstream() {
    Upstream u = Upstream.of("http://127.0.0.1:5001", Optional.empty());
    assertThat(u.kind()).isEqualTo("oci");
    assertThat(u.base().resolve("/v2/").toString()).isEqualTo("http://127.0.0.1:5001/v2/");
  }

  @Test
  void unknownHosts_areUnsupported_andAMismatchedKindIsInvalid() {
    assertThatThrownBy(() -> Upstream.of("registry.example.com", Optional.empty()))
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.UPSTREAM_UNSUPPORTED);
    assertThatThrownBy(() -> Upstream.of("quay.io", Optional.of("k8s")))
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.INVALID_PARAMETER);
  }

  @Test
  void repositoryNames_mapOntoTheUpstreamPrefix() {
    assertThat(RuleMatch.of(rule("hub", "ROOT"), "hub/library/app").upstreamRepository())
        .isEqualTo("library/app");
    assertThat(RuleMatch.of(rule("hub", "library"), "hub/app").upstreamRepository())
        .isEqualTo("library/app");
    assertThat(RuleMatch.of(rule("ROOT", "ROOT"), "team/app").upstreamRepository())
        .isEqualTo("team/app");
  }

  private static PullThroughRule rule(String prefix, String upstreamPrefix) {
    return new PullThroughRule(
        new RegistryId(new AccountId("000000000000"), "us-east-1"),
        prefix,
        "http://127.0.0.1:1",
        "oci",
        upstreamPrefix,
        Optional.empty(),
        Optional.empty(),
        Instant.EPOCH,
        Instant.EPOCH);
  }
}
