package dev.berth.api.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.oci.OciHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tags list: lexical order, {@code n}/{@code last} pagination and the {@code Link} header. */
class OciConformanceListingTest extends OciConformanceSupport {

  private String repoWithTags(String hint, String... tags) {
    String repo = newRepo(hint);
    byte[] manifest = pushImage(repo, tags[0]);
    for (int i = 1; i < tags.length; i++) {
      pushManifest(repo, tags[i], OciFixtures.OCI_MANIFEST, manifest);
    }
    return repo;
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void tagsList_isInLexicalOrder() {
    String repo = repoWithTags("tags-order", "c", "a", "B", "b", "a1", "10", "9", "_x");

    Reply r = http.get("/v2/" + repo + "/tags/list");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).hasValue("application/json");
    assertThat(r.json().get("name").asText()).isEqualTo(repo);
    assertThat(strings(r.json().get("tags")))
        .containsExactly("10", "9", "B", "_x", "a", "a1", "b", "c");
    assertThat(r.header("Link")).isEmpty();
  }

  @Test
  void tagsList_paginatesWithNAndLastAndLinkHeader() {
    String repo = repoWithTags("tags-page", "d", "b", "a", "c", "e");
    String base = "/v2/" + repo + "/tags/list";

    Reply first = http.get(base + "?n=2");

    assertThat(strings(first.json().get("tags"))).containsExactly("a", "b");
    assertThat(first.header("Link")).hasValue("<" + base + "?n=2&last=b>; rel=\"next\"");
    Reply second = http.get(linkTarget(first));
    assertThat(strings(second.json().get("tags"))).containsExactly("c", "d");
    assertThat(second.header("Link")).hasValue("<" + base + "?n=2&last=d>; rel=\"next\"");
    Reply third = http.get(linkTarget(second));
    assertThat(strings(third.json().get("tags"))).containsExactly("e");
    assertThat(third.header("Link")).isEmpty();
  }

  @Test
  void tagsList_lastPageExactlyFull_hasNoLink() {
    String repo = repoWithTags("tags-full", "a", "b", "c", "d");
    String base = "/v2/" + repo + "/tags/list";

    Reply r = http.get(base + "?n=2&last=b");

    assertThat(strings(r.json().get("tags"))).containsExactly("c", "d");
    assertThat(r.header("Link")).isEmpty();
    assertThat(http.get(base + "?n=4").header("Link")).isEmpty();
  }

  @Test
  void tagsList_lastWithoutN_listsTagsAfterIt() {
    String repo = repoWithTags("tags-last", "a", "b", "c");

    Reply r = http.get("/v2/" + repo + "/tags/list?last=a");
    Reply between = http.get("/v2/" + repo + "/tags/list?last=aa");

    assertThat(strings(r.json().get("tags"))).containsExactly("b", "c");
    assertThat(strings(between.json().get("tags"))).containsExactly("b", "c");
  }

  @Test
  void tagsList_withNZero_isEmpty() {
    String repo = repoWithTags("tags-zero", "a", "b");

    Reply r = http.get("/v2/" + repo + "/tags/list?n=0");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("tags").isArray()).isTrue();
    assertThat(r.json().get("tags")).isEmpty();
    assertThat(r.header("Link")).isEmpty();
  }

  @Test
  void tagsList_withInvalidN_answers400() {
    String repo = repoWithTags("tags-badn", "a");

    for (String n : List.of("-1", "abc", "1.5", "99999999999")) {
      Reply r = http.get("/v2/" + repo + "/tags/list?n=" + n);
      assertThat(r.status()).as(n).isEqualTo(400);
      assertThat(r.json().get("errors").get(0).get("code").asText())
          .as(n)
          .isEqualTo("PAGINATION_NUMBER_INVALID");
    }
  }

  @Test
  void tagsList_ofEmptyRepository_isEmptyList() {
    String repo = newRepo("tags-empty");

    Reply r = http.get("/v2/" + repo + "/tags/list");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("name").asText()).isEqualTo(repo);
    assertThat(r.json().get("tags").isArray()).isTrue();
    assertThat(r.json().get("tags")).isEmpty();
  }

  @Test
  void tagsList_ofMissingRepository_answersNameUnknown() {
    assertError(http.get("/v2/tags-missing/tags/list"), 404, "NAME_UNKNOWN");
    assertError(http.get("/v2/Tags/tags/list"), 400, "NAME_INVALID");
  }

  @Test
  void tagsList_ofNestedRepositoryName_works() {
    String repo = repoWithTags("team/app/tags-nested", "v1", "v2");

    Reply r = http.get("/v2/" + repo + "/tags/list?n=1");

    assertThat(r.json().get("name").asText()).isEqualTo(repo);
    assertThat(strings(r.json().get("tags"))).containsExactly("v1");
    assertThat(r.header("Link")).hasValue("</v2/" + repo + "/tags/list?n=1&last=v1>; rel=\"next\"");
  }

  /** The target of a {@code Link: <target>; rel="next"} header. */
  static String linkTarget(Reply r) {
    String link = r.header("Link").orElseThrow(() -> new AssertionError("no Link header: " + r));
    return link.substring(link.indexOf('<') + 1, link.indexOf('>'));
  }
}
