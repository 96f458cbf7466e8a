package dev.berth.api.oci;

import static dev.berth.api.oci.OciFixtures.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.oci.OciFixtures.Blob;
import dev.berth.api.oci.OciHttp.Reply;
import dev.berth.app.ForkedNode;
import dev.berth.app.TestNode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 7: 60 referrers of about 4 MiB each (padded with a large annotation, just under the
 * 4 MiB manifest limit) on a node with a 128 MiB heap. The referrers index is built from stored
 * descriptor data and paged with {@code Link}, so the endpoint and the browser's repository and
 * image pages answer 200; before, each of them loaded all 240 MiB of bodies and answered 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferrersMemoryTest {
  private static final String REPO = "big/refs";
  private static final int REFERRERS = 60;
  private static final String SBOM = "application/spdx+json";
  private static final String SIGNATURE = "application/vnd.dev.cosign.artifact.sig.v1+json";
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

  @TempDir static Path tmp;
  ForkedNode node;
  OciHttp http;
  String subject;

  /** Digest of each referrer to its index. */
  final Map<String, Integer> pushed = new HashMap<>();

  int padding;

  @BeforeAll
  void pushReferrers() throws Exception {
    node = ForkedNode.start(tmp.resolve("node"), "128m", REPO);
    http = new OciHttp(node.base(), Optional.of(node.basicAuth()));
    Blob config = OciFixtures.config("subject");
    Blob layer = Blob.random(64, 7);
    Blob payload = Blob.of("{\"note\":\"payload\"}");
    for (Blob b : new Blob[] {config, layer, payload, OciFixtures.EMPTY_CONFIG}) {
      Reply r = http.post("/v2/" + REPO + "/blobs/uploads/?digest=" + b.digest(), b.bytes());
      assertThat(r.status()).as("%s", r).isEqualTo(201);
    }
    byte[] image = OciFixtures.bytes(OciFixtures.ociImage(config, layer));
    assertThat(put("v1", image).status()).isEqualTo(201);
    subject = OciFixtures.sha256(image);
    padding = 4 * 1024 * 1024 - 2048 - referrer(image, payload, 0, "").length;
    String pad = "x".repeat(padding);
    for (int i = 0; i < REFERRERS; i++) {
      byte[] body = referrer(image, payload, i, pad);
      assertThat(body.length).isLessThan(4 * 1024 * 1024).isGreaterThan(4 * 1024 * 1024 - 4096);
      String digest = OciFixtures.sha256(body);
      Reply r = put(digest, body);
      assertThat(r.status()).as("push referrer %d: %s", i, r).isEqualTo(201);
      pushed.put(digest, i);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (http != null) {
      http.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private static byte[] referrer(byte[] image, Blob payload, int i, String pad) {
    ObjectNode m =
        OciFixtures.withSubject(
            OciFixtures.artifact(i % 2 == 0 ? SBOM : SIGNATURE, payload), OCI_MANIFEST, image);
    m.putObject("annotations")
        .put("dev.berth.index", Integer.toString(i))
        .put("dev.berth.pad", pad);
    return OciFixtures.bytes(m);
  }

  private Reply put(String reference, byte[] body) {
    return http.put("/v2/" + REPO + "/manifests/" + reference, body, "Content-Type", OCI_MANIFEST);
  }

  /** Follows {@code Link} from {@code first}; returns each descriptor by digest. */
  private Map<String, JsonNode> allPages(String first, Optional<String> filter) {
    Map<String, JsonNode> found = new HashMap<>();
    String path = first;
    int pages = 0;
    while (true) {
      Reply r = http.get(path);
      assertThat(r.status()).as("page %d: %s", pages, r.status()).isEqualTo(200);
      assertThat(r.body().length)
          .as("a page holds about 1 MiB of annotations past its first entry")
          .isLessThan(6 * 1024 * 1024);
      assertThat(r.header("OCI-Filters-Applied")).isEqualTo(filter.map(f -> "artifactType"));
      for (JsonNode d : r.json().get("manifests")) {
        assertThat(found.put(d.get("digest").asText(), d)).as("listed twice").isNull();
      }
      pages++;
      Optional<String> link = r.header("Link");
      if (link.isEmpty()) {
        break;
      }
      Matcher m = NEXT.matcher(link.get());
      assertThat(m.matches()).as(link.get()).isTrue();
      path = m.group(1);
      assertThat(path).startsWith("/v2/" + REPO + "/referrers/" + subject + "?");
      filter.ifPresent(
          f ->
              assertThat(m.group(1))
                  .contains("artifactType=" + URLEncoder.encode(f, StandardCharsets.UTF_8)));
      assertThat(pages).isLessThan(2 * REFERRERS);
    }
    assertThat(pages).as("pages").isGreaterThan(1);
    return found;
  }

  @Test
  void referrersEndpoint_pagesEveryReferrerWithItsDescriptor() {
    Map<String, JsonNode> found =
        allPages("/v2/" + REPO + "/referrers/" + subject, Optional.empty());

    assertThat(found).containsOnlyKeys(pushed.keySet());
    found.forEach(
        (digest, d) -> {
          int i = java.util.Objects.requireNonNull(pushed.get(digest));
          assertThat(d.get("mediaType").asText()).isEqualTo(OCI_MANIFEST);
          assertThat(d.get("artifactType").asText()).isEqualTo(i % 2 == 0 ? SBOM : SIGNATURE);
          assertThat(d.get("size").asLong()).isGreaterThan(4 * 1024 * 1024 - 4096);
          assertThat(d.get("annotations").get("dev.berth.index").asText())
              .isEqualTo(Integer.toString(i));
          assertThat(d.get("annotations").get("dev.berth.pad").asText()).hasSize(padding);
        });
  }

  @Test
  void referrersEndpoint_pagesWithTheFilterKept() {
    Map<String, JsonNode> found =
        allPages(
            "/v2/"
                + REPO
                + "/referrers/"
                + subject
                + "?n=7&artifactType="
                + SBOM.replace("+", "%2B"),
            Optional.of(SBOM));

    assertThat(found.keySet())
        .containsExactlyInAnyOrderElementsOf(
            pushed.entrySet().stream()
                .filter(e -> e.getValue() % 2 == 0)
                .map(Map.Entry::getKey)
                .toList());
  }

  @Test
  void browserPages_answer200() throws Exception {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String cookie = signIn(client);
    String images = "/ui/repositories/" + REPO;
    HttpResponse<String> list = uiGet(client, cookie, images);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains(subject.substring(7, 19));
    HttpResponse<String> detail = uiGet(client, cookie, images + "/-/images/" + subject);
    assertThat(detail.statusCode()).as(detail.body()).isEqualTo(200);
    assertThat(detail.body()).contains("dev.berth.index").contains("referrers-more");
    String one = pushed.keySet().iterator().next();
    assertThat(uiGet(client, cookie, images + "/-/images/" + one).statusCode()).isEqualTo(200);
    assertThat(node.log()).doesNotContain("OutOfMemoryError");
  }

  private HttpResponse<String> uiGet(HttpClient client, String cookie, String path)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(node.base().resolve(path)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Signs in to the browser as root over plain HTTP; returns the session cookie. */
  private String signIn(HttpClient client) throws Exception {
    HttpResponse<String> form =
        client.send(
            HttpRequest.newBuilder(node.base().resolve("/ui/sign-in")).build(),
            HttpResponse.BodyHandlers.ofString());
    String formCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
    String token = formCookie.substring(formCookie.indexOf('=') + 1, formCookie.indexOf(';'));
    HttpResponse<String> signedIn =
        client.send(
            HttpRequest.newBuilder(node.base().resolve("/ui/sign-in"))
                .header("Cookie", formCookie.substring(0, formCookie.indexOf(';')))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "_csrf="
                            + token
                            + "&accessKeyId="
                            + TestNode.ROOT_ACCESS_KEY_ID
                            + "&secretAccessKey="
                            + URLEncoder.encode(
                                TestNode.ROOT_SECRET_ACCESS_KEY, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
    String session =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("berth_ui="))
            .findFirst()
            .orElseThrow();
    return session.substring(0, session.indexOf(';'));
  }
}
