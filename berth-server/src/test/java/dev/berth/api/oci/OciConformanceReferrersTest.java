package dev.berth.api.oci;

import static dev.berth.api.oci.OciFixtures.OCI_INDEX;
import static dev.berth.api.oci.OciFixtures.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.oci.OciFixtures.Blob;
import dev.berth.api.oci.OciHttp.Reply;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The referrers API: artifacts pointing at a subject, listed as an OCI index. */
class OciConformanceReferrersTest extends OciConformanceSupport {
  private static final String SBOM = "application/spdx+json";
  private static final String SIGNATURE = "application/vnd.dev.cosign.artifact.sig.v1+json";

  /** Pushes an artifact of {@code type} about {@code subject}; returns its bytes. */
  private byte[] pushReferrer(String repo, byte[] subject, String type, String note) {
    Blob payload = Blob.of("{\"note\":\"" + note + "\"}");
    pushBlob(repo, OciFixtures.EMPTY_CONFIG);
    pushBlob(repo, payload);
    ObjectNode m =
        OciFixtures.withSubject(OciFixtures.artifact(type, payload), OCI_MANIFEST, subject);
    m.putObject("annotations")
        .put("org.opencontainers.image.created", "2024-01-0" + note.length() + "T00:00:00Z")
        .put("dev.berth.note", note);
    byte[] body = OciFixtures.bytes(m);
    Reply put = putManifest(repo, OciFixtures.sha256(body), OCI_MANIFEST, body);
    assertThat(put.status()).as("%s", put).isEqualTo(201);
    assertThat(put.header("OCI-Subject")).hasValue(OciFixtures.sha256(subject));
    return body;
  }

  private static Map<String, JsonNode> byDigest(JsonNode manifests) {
    Map<String, JsonNode> out = new HashMap<>();
    manifests.forEach(d -> out.put(d.get("digest").asText(), d));
    return out;
  }

  private static void assertIndex(Reply r) {
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.header("Content-Type")).hasValue(OCI_INDEX);
    assertThat(r.json().get("schemaVersion").asInt()).isEqualTo(2);
    assertThat(r.json().get("mediaType").asText()).isEqualTo(OCI_INDEX);
    assertThat(r.json().get("manifests").isArray()).isTrue();
  }

  @Test
  void referrers_listsArtifactsWithTypeAndAnnotations() {
    String repo = newRepo("ref-list");
    byte[] image = pushImage(repo, "v1");
    String subject = OciFixtures.sha256(image);
    byte[] sbom = pushReferrer(repo, image, SBOM, "sbom");
    byte[] sig = pushReferrer(repo, image, SIGNATURE, "signature");

    Reply r = http.get("/v2/" + repo + "/referrers/" + subject);

    assertIndex(r);
    assertThat(r.header("OCI-Filters-Applied")).isEmpty();
    Map<String, JsonNode> found = byDigest(r.json().get("manifests"));
    assertThat(found).containsOnlyKeys(OciFixtures.sha256(sbom), OciFixtures.sha256(sig));
    JsonNode s = java.util.Objects.requireNonNull(found.get(OciFixtures.sha256(sbom)));
    assertThat(s.get("mediaType").asText()).isEqualTo(OCI_MANIFEST);
    assertThat(s.get("size").asLong()).isEqualTo(sbom.length);
    assertThat(s.get("artifactType").asText()).isEqualTo(SBOM);
    assertThat(s.get("annotations").get("dev.berth.note").asText()).isEqualTo("sbom");
    assertThat(s.get("annotations").get("org.opencontainers.image.created").asText())
        .isEqualTo("2024-01-04T00:00:00Z");
    JsonNode g = java.util.Objects.requireNonNull(found.get(OciFixtures.sha256(sig)));
    assertThat(g.get("artifactType").asText()).isEqualTo(SIGNATURE);
    assertThat(g.get("size").asLong()).isEqualTo(sig.length);
    assertThat(g.get("annotations").get("dev.berth.note").asText()).isEqualTo("signature");
  }

  @Test
  void referrers_filterByArtifactType() {
    String repo = newRepo("ref-filter");
    byte[] image = pushImage(repo, "v1");
    byte[] sbom = pushReferrer(repo, image, SBOM, "sbom");
    pushReferrer(repo, image, SIGNATURE, "signature");
    String path = "/v2/" + repo + "/referrers/" + OciFixtures.sha256(image);

    Reply r = http.get(path + "?artifactType=" + SBOM.replace("+", "%2B"));

    assertIndex(r);
    assertThat(r.header("OCI-Filters-Applied")).hasValue("artifactType");
    assertThat(byDigest(r.json().get("manifests"))).containsOnlyKeys(OciFixtures.sha256(sbom));
    Reply none = http.get(path + "?artifactType=application/vnd.example.none");
    assertIndex(none);
    assertThat(none.header("OCI-Filters-Applied")).hasValue("artifactType");
    assertThat(none.json().get("manifests")).isEmpty();
  }

  /** Issue 9, item 7: {@code n} bounds a page and {@code Link} leads on, keeping the filter. */
  @Test
  void referrers_pageWithLinkKeepingTheFilter() {
    String repo = newRepo("ref-pages");
    byte[] image = pushImage(repo, "v1");
    java.util.Set<String> sboms = new java.util.HashSet<>();
    for (String note : new String[] {"a", "bb", "ccc"}) {
      sboms.add(OciFixtures.sha256(pushReferrer(repo, image, SBOM, note)));
    }
    pushReferrer(repo, image, SIGNATURE, "sig");
    String path = "/v2/" + repo + "/referrers/" + OciFixtures.sha256(image);

    Reply first = http.get(path + "?n=2&artifactType=" + SBOM.replace("+", "%2B"));

    assertIndex(first);
    assertThat(first.header("OCI-Filters-Applied")).hasValue("artifactType");
    assertThat(first.json().get("manifests")).hasSize(2);
    String link = first.header("Link").orElseThrow();
    assertThat(link)
        .startsWith("<" + path + "?artifactType=application%2Fspdx%2Bjson&n=2&last=")
        .endsWith(">; rel=\"next\"");
    Reply second = http.get(link.substring(1, link.indexOf('>')));
    assertIndex(second);
    assertThat(second.header("OCI-Filters-Applied")).hasValue("artifactType");
    assertThat(second.header("Link")).isEmpty();
    java.util.Set<String> seen =
        new java.util.HashSet<>(byDigest(first.json().get("manifests")).keySet());
    seen.addAll(byDigest(second.json().get("manifests")).keySet());
    assertThat(seen).isEqualTo(sboms);
    Reply all = http.get(path);
    assertThat(all.json().get("manifests")).hasSize(4);
    assertThat(all.header("Link")).isEmpty();
  }

  @Test
  void referrers_ofUnknownSubject_isEmptyIndex() {
    String repo = newRepo("ref-empty");

    Reply r = http.get("/v2/" + repo + "/referrers/" + Blob.random(8, 61).digest());

    assertIndex(r);
    assertThat(r.json().get("manifests")).isEmpty();
  }

  @Test
  void referrer_mayBePushedBeforeItsSubject() {
    String repo = newRepo("ref-early");
    Blob config = OciFixtures.config("later");
    byte[] future = OciFixtures.bytes(OciFixtures.ociImage(config));
    String subject = OciFixtures.sha256(future);

    byte[] sig = pushReferrer(repo, future, SIGNATURE, "early");

    assertError(http.get("/v2/" + repo + "/manifests/" + subject), 404, "MANIFEST_UNKNOWN");
    Reply r = http.get("/v2/" + repo + "/referrers/" + subject);
    assertIndex(r);
    assertThat(byDigest(r.json().get("manifests"))).containsOnlyKeys(OciFixtures.sha256(sig));
  }

  @Test
  void referrers_followDeletes_andStayInTheirRepository() {
    String repo = newRepo("ref-delete");
    String other = newRepo("ref-other");
    byte[] image = pushImage(repo, "v1");
    String subject = OciFixtures.sha256(image);
    byte[] sbom = pushReferrer(repo, image, SBOM, "sbom");
    byte[] sig = pushReferrer(repo, image, SIGNATURE, "signature");

    assertThat(http.delete("/v2/" + repo + "/manifests/" + OciFixtures.sha256(sbom)).status())
        .isEqualTo(202);

    Reply r = http.get("/v2/" + repo + "/referrers/" + subject);
    assertThat(byDigest(r.json().get("manifests"))).containsOnlyKeys(OciFixtures.sha256(sig));
    assertThat(http.get("/v2/" + other + "/referrers/" + subject).json().get("manifests"))
        .isEmpty();
  }

  @Test
  void imageWithSubject_reportsConfigTypeAsArtifactType() {
    String repo = newRepo("ref-image");
    byte[] image = pushImage(repo, "v1");
    Blob config = OciFixtures.config("attached");
    pushBlob(repo, config);
    byte[] attached =
        OciFixtures.bytes(
            OciFixtures.withSubject(OciFixtures.ociImage(config), OCI_MANIFEST, image));
    pushManifest(repo, "attached", OCI_MANIFEST, attached);

    Reply r = http.get("/v2/" + repo + "/referrers/" + OciFixtures.sha256(image));

    JsonNode d =
        java.util.Objects.requireNonNull(
            byDigest(r.json().get("manifests")).get(OciFixtures.sha256(attached)));
    assertThat(d).isNotNull();
    assertThat(d.get("artifactType").asText()).isEqualTo(OciFixtures.OCI_CONFIG);
  }

  @Test
  void referrers_errors() {
    String repo = newRepo("ref-errors");

    assertError(http.get("/v2/" + repo + "/referrers/sha256:xyz"), 400, "DIGEST_INVALID");
    assertError(http.get("/v2/" + repo + "/referrers/latest"), 400, "DIGEST_INVALID");
    assertError(
        http.get("/v2/ref-nowhere/referrers/" + Blob.random(4, 62).digest()), 404, "NAME_UNKNOWN");
  }
}
