package dev.berth.api.oci;

import static dev.berth.api.oci.OciConformanceListingTest.linkTarget;
import static dev.berth.api.oci.OciConformanceListingTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.oci.OciHttp.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog of the default account. Its repositories are made once, before the tests, which only
 * read, so the expected listing is exact.
 */
class OciConformanceCatalogTest extends OciConformanceSupport {
  private static final List<String> NAMES =
      List.of("zeta", "alpha", "mid/nested", "mid", "beta-2", "beta.1", "mid/nested/deeper");

  @BeforeAll
  void createRepositories() {
    NAMES.forEach(node::createRepository);
  }

  @Test
  void catalog_listsRepositoriesInLexicalOrder() {
    Reply r = http.get("/v2/_catalog");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).hasValue("application/json");
    assertThat(strings(r.json().get("repositories")))
        .containsExactly(
            "alpha", "beta-2", "beta.1", "mid", "mid/nested", "mid/nested/deeper", "zeta");
    assertThat(r.header("Link")).isEmpty();
  }

  @Test
  void catalog_paginatesWithLinkHeader() {
    Reply first = http.get("/v2/_catalog?n=3");

    assertThat(strings(first.json().get("repositories")))
        .containsExactly("alpha", "beta-2", "beta.1");
    assertThat(first.header("Link").orElseThrow())
        .startsWith("</v2/_catalog?n=3&last=")
        .endsWith(">; rel=\"next\"")
        .doesNotContain("beta");
    Reply second = http.get(linkTarget(first));
    assertThat(strings(second.json().get("repositories")))
        .containsExactly("mid", "mid/nested", "mid/nested/deeper");
    Reply third = http.get(linkTarget(second));
    assertThat(strings(third.json().get("repositories"))).containsExactly("zeta");
    assertThat(third.header("Link")).isEmpty();
  }

  @Test
  void catalog_lastWithSlash_continuesAfterIt() {
    Reply r = http.get("/v2/_catalog?n=1&last=mid/nested");

    assertThat(strings(r.json().get("repositories"))).containsExactly("mid/nested/deeper");
    Reply next = http.get(linkTarget(r));
    assertThat(strings(next.json().get("repositories"))).containsExactly("zeta");
  }

  @Test
  void catalog_withNZero_isEmpty_andInvalidN_answers400() {
    Reply zero = http.get("/v2/_catalog?n=0");
    assertThat(zero.status()).isEqualTo(200);
    assertThat(zero.json().get("repositories")).isEmpty();
    assertThat(zero.header("Link")).isEmpty();

    for (String n : List.of("-1", "abc")) {
      Reply r = http.get("/v2/_catalog?n=" + n);
      assertThat(r.status()).as(n).isEqualTo(400);
      assertThat(r.json().get("errors").get(0).get("code").asText())
          .isEqualTo("PAGINATION_NUMBER_INVALID");
    }
  }

  @Test
  void catalog_ofAnotherAccount_isEmpty() {
    Reply r =
        http.raw(
            "GET",
            "/v2/_catalog",
            Map.of(
                "Host",
                "333333333333.dkr.ecr.us-east-1.localhost",
                "Authorization",
                node.basicAuth(new dev.berth.model.AccountId("333333333333"))),
            new byte[0]);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("repositories")).isEmpty();
  }
}
