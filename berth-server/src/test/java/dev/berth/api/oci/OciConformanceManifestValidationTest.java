package dev.berth.api.oci;

import static dev.berth.api.oci.OciFixtures.DOCKER_MANIFEST;
import static dev.berth.api.oci.OciFixtures.OCI_INDEX;
import static dev.berth.api.oci.OciFixtures.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.oci.OciFixtures.Blob;
import dev.berth.api.oci.OciHttp.Reply;
import dev.berth.model.ImageTagMutability;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Manifest pushes the registry must refuse, each leaving the repository unchanged. */
class OciConformanceManifestValidationTest extends OciConformanceSupport {

  private byte[] image(String repo, String label) {
    Blob config = OciFixtures.config(label);
    Blob layer = Blob.random(16, label.hashCode());
    pushBlob(repo, config);
    pushBlob(repo, layer);
    return OciFixtures.bytes(OciFixtures.ociImage(config, layer));
  }

  private void assertNothingStored(String repo, byte[] body) {
    assertError(
        http.get("/v2/" + repo + "/manifests/" + OciFixtures.sha256(body)),
        404,
        "MANIFEST_UNKNOWN");
    assertThat(http.get("/v2/" + repo + "/tags/list").json().get("tags")).isEmpty();
  }

  @Test
  void manifest_withMissingLayer_answersManifestBlobUnknown() {
    String repo = newRepo("val-layer");
    Blob config = OciFixtures.config("missing-layer");
    Blob layer = Blob.random(16, 51);
    pushBlob(repo, config);
    byte[] body = OciFixtures.bytes(OciFixtures.ociImage(config, layer));

    JsonNode error =
        assertError(putManifest(repo, "v1", OCI_MANIFEST, body), 400, "MANIFEST_BLOB_UNKNOWN");

    assertThat(error.toString()).contains(layer.digest());
    assertNothingStored(repo, body);
  }

  @Test
  void manifest_withMissingConfig_answersManifestBlobUnknown() {
    String repo = newRepo("val-config");
    Blob config = OciFixtures.config("missing-config");
    Blob layer = Blob.random(16, 52);
    pushBlob(repo, layer);
    byte[] body = OciFixtures.bytes(OciFixtures.dockerImage(config, layer));

    assertError(putManifest(repo, "v1", DOCKER_MANIFEST, body), 400, "MANIFEST_BLOB_UNKNOWN");
    assertNothingStored(repo, body);
  }

  @Test
  void index_withMissingChild_answersManifestBlobUnknown() {
    String repo = newRepo("val-index");
    byte[] present = image(repo, "present");
    pushManifest(repo, "present", OCI_MANIFEST, present);
    byte[] absent = image(repo, "absent");
    byte[] body = OciFixtures.bytes(OciFixtures.index(OCI_INDEX, OCI_MANIFEST, present, absent));

    JsonNode error =
        assertError(putManifest(repo, "multi", OCI_INDEX, body), 400, "MANIFEST_BLOB_UNKNOWN");

    assertThat(error.toString()).contains(OciFixtures.sha256(absent));
    assertError(http.get("/v2/" + repo + "/manifests/multi"), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void malformedJson_answersManifestInvalid() {
    String repo = newRepo("val-json");
    for (String text :
        List.of("{", "not json", "[]", "\"string\"", "{\"schemaVersion\":2,\"config\":{}}", "")) {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      assertError(putManifest(repo, "v1", OCI_MANIFEST, body), 400, "MANIFEST_INVALID");
    }
    assertThat(http.get("/v2/" + repo + "/tags/list").json().get("tags")).isEmpty();
  }

  @Test
  void unknownContentType_answersManifestInvalid() {
    String repo = newRepo("val-ctype");
    byte[] body = image(repo, "ctype");

    for (String type : List.of("application/vnd.example.thing+json", "text/plain")) {
      assertError(putManifest(repo, "v1", type, body), 400, "MANIFEST_INVALID");
    }
    assertNothingStored(repo, body);
  }

  @Test
  void bodyMediaTypeContradictingContentType_answersManifestInvalid() {
    String repo = newRepo("val-contra");
    byte[] body = image(repo, "contra");

    Reply r = putManifest(repo, "v1", DOCKER_MANIFEST, body);

    assertError(r, 400, "MANIFEST_INVALID");
    assertNothingStored(repo, body);
  }

  @Test
  void schema1_isRefused() {
    String repo = newRepo("val-schema1");
    byte[] body =
        "{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"v1\",\"fsLayers\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    assertError(
        putManifest(repo, "v1", "application/vnd.docker.distribution.manifest.v1+prettyjws", body),
        400,
        "MANIFEST_INVALID");
  }

  @Test
  void digestReferenceNotMatchingBody_answersDigestInvalid() {
    String repo = newRepo("val-digest");
    byte[] body = image(repo, "digest");
    String wrong = OciFixtures.sha256("something else".getBytes(StandardCharsets.UTF_8));

    assertError(putManifest(repo, wrong, OCI_MANIFEST, body), 400, "DIGEST_INVALID");
    assertError(putManifest(repo, "sha256:abc", OCI_MANIFEST, body), 400, "DIGEST_INVALID");
    assertNothingStored(repo, body);
    assertError(http.get("/v2/" + repo + "/manifests/" + wrong), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void manifestOver4MiB_answers413ManifestInvalid() {
    String repo = newRepo("val-size");
    ObjectNode m = OciFixtures.ociImage(OciFixtures.config("size"));
    m.putObject("annotations").put("pad", "x".repeat(4 * 1024 * 1024));
    byte[] body = OciFixtures.bytes(m);

    Reply r = putManifest(repo, "big", OCI_MANIFEST, body);

    assertError(r, 413, "MANIFEST_INVALID");
    assertError(http.get("/v2/" + repo + "/manifests/big"), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void streamedManifestOver4MiB_answers413ManifestInvalid() {
    String repo = newRepo("val-size-stream");
    ObjectNode m = OciFixtures.ociImage(OciFixtures.config("size-stream"));
    m.putObject("annotations").put("pad", "y".repeat(4 * 1024 * 1024 + 10));
    byte[] body = OciFixtures.bytes(m);

    Reply r =
        http.sendStreamed(
            "PUT", "/v2/" + repo + "/manifests/big", body, "Content-Type", OCI_MANIFEST);

    assertError(r, 413, "MANIFEST_INVALID");
    assertError(http.get("/v2/" + repo + "/manifests/big"), 404, "MANIFEST_UNKNOWN");
  }

  /**
   * A malformed tag on PUT is TAG_INVALID; on GET and HEAD it names no manifest, so it is answered
   * 404 MANIFEST_UNKNOWN (issue 9, item 15).
   */
  @Test
  void invalidTag_answersTagInvalid() {
    String repo = newRepo("val-tag");
    byte[] body = image(repo, "tag");

    for (String tag : List.of("-bad", ".bad", ".INVALID", "a".repeat(129), "b@d", "t%20t")) {
      assertError(putManifest(repo, tag, OCI_MANIFEST, body), 400, "TAG_INVALID");
      assertError(http.get("/v2/" + repo + "/manifests/" + tag), 404, "MANIFEST_UNKNOWN");
      assertThat(http.head("/v2/" + repo + "/manifests/" + tag).status()).as(tag).isEqualTo(404);
    }
    assertNothingStored(repo, body);
    assertThat(putManifest(repo, "a".repeat(128), OCI_MANIFEST, body).status()).isEqualTo(201);
    assertThat(putManifest(repo, "_Under.score-1", OCI_MANIFEST, body).status()).isEqualTo(201);
  }

  /** A malformed digest stays 400 DIGEST_INVALID on GET and HEAD (issue 9, item 15). */
  @Test
  void invalidDigestOnPull_staysDigestInvalid() {
    String repo = newRepo("val-pull-digest");
    pushImage(repo, "v1");

    for (String reference : List.of("sha256:zz", "sha256:abc", "sha256:" + "g".repeat(64))) {
      assertError(http.get("/v2/" + repo + "/manifests/" + reference), 400, "DIGEST_INVALID");
      assertThat(http.head("/v2/" + repo + "/manifests/" + reference).status())
          .as(reference)
          .isEqualTo(400);
    }
  }

  @Test
  void invalidRepositoryName_answersNameInvalid() {
    String repo = newRepo("val-name");
    byte[] body = image(repo, "name");

    for (String name : List.of("UPPER", "a", "a//b", "_x", "x-", "a/B")) {
      assertError(putManifest(name, "v1", OCI_MANIFEST, body), 400, "NAME_INVALID");
      assertError(http.get("/v2/" + name + "/manifests/v1"), 400, "NAME_INVALID");
      assertError(http.post("/v2/" + name + "/blobs/uploads/", new byte[0]), 400, "NAME_INVALID");
    }
    assertError(
        http.raw("PUT", "/v2/a/../b/manifests/v1", Map.of("Content-Type", OCI_MANIFEST), body),
        400,
        "NAME_INVALID");
  }

  @Test
  void pushToMissingRepository_answersNameUnknown() {
    String repo = newRepo("val-src");
    byte[] body = image(repo, "missing-repo");

    JsonNode error =
        assertError(putManifest("x-not-created", "v1", OCI_MANIFEST, body), 404, "NAME_UNKNOWN");

    assertThat(error.get("message").asText())
        .isEqualTo(
            "The repository with name 'x-not-created' does not exist in the registry with id"
                + " '000000000000'");
    assertError(http.get("/v2/x-not-created/manifests/v1"), 404, "NAME_UNKNOWN");
  }

  @Test
  void immutableRepository_refusesMovingATag() {
    String repo = newRepo("val-immutable", ImageTagMutability.IMMUTABLE);
    byte[] first = image(repo, "imm-1");
    byte[] second = image(repo, "imm-2");
    pushManifest(repo, "v1", OCI_MANIFEST, first);

    Reply moved = putManifest(repo, "v1", OCI_MANIFEST, second);

    JsonNode error = assertError(moved, 400, "TAG_INVALID");
    assertThat(error.get("message").asText()).contains("v1").contains(repo);
    assertThat(http.get("/v2/" + repo + "/manifests/v1").body()).isEqualTo(first);
    assertError(
        http.get("/v2/" + repo + "/manifests/" + OciFixtures.sha256(second)),
        404,
        "MANIFEST_UNKNOWN");
    Reply again = putManifest(repo, "v1", OCI_MANIFEST, first);
    assertThat(again.status()).as("%s", again).isEqualTo(201);
    assertThat(putManifest(repo, "v2", OCI_MANIFEST, second).status()).isEqualTo(201);
    assertThat(http.get("/v2/" + repo + "/manifests/v1").body()).isEqualTo(first);
  }
}
