package dev.berth.api.oci;

import static dev.berth.api.oci.OciFixtures.OCI_INDEX;
import static dev.berth.api.oci.OciFixtures.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.oci.OciFixtures.Blob;
import dev.berth.api.oci.OciHttp.Reply;
import org.junit.jupiter.api.Test;

/**
 * Deletes that would break images and descriptors that lie about sizes (issue 9, items 10 and 11).
 */
class OciIntegrityTest extends OciConformanceSupport {

  /** Issue 9, item 10: a layer a tagged image uses cannot be deleted; the image stays pullable. */
  @Test
  void deleteBlob_ofLayerAnImageUses_isRefusedAndImageStaysPullable() {
    String repo = newRepo("del-used-layer");
    Blob config = OciFixtures.config(repo);
    Blob layer = Blob.random(53, 9);
    pushBlob(repo, config);
    pushBlob(repo, layer);
    pushManifest(repo, "v1", OCI_MANIFEST, OciFixtures.bytes(OciFixtures.ociImage(config, layer)));

    JsonNode layerError =
        assertError(http.delete("/v2/" + repo + "/blobs/" + layer.digest()), 405, "UNSUPPORTED");
    JsonNode configError =
        assertError(http.delete("/v2/" + repo + "/blobs/" + config.digest()), 405, "UNSUPPORTED");

    assertThat(layerError.get("message").asText()).contains("delete the image");
    assertThat(configError.get("detail").get("digest").asText()).isEqualTo(config.digest());
    assertThat(http.get("/v2/" + repo + "/blobs/" + layer.digest()).body())
        .isEqualTo(layer.bytes());
    assertThat(http.get("/v2/" + repo + "/manifests/v1").status()).isEqualTo(200);
  }

  /**
   * Issue 9, item 10: once no manifest uses the blob any more, it may be unlinked; since issue 10
   * deleting its last image has unlinked it already, so the blob DELETE finds nothing (404, as the
   * OCI conformance suite allows).
   */
  @Test
  void deleteBlob_afterItsImageIsDeleted_findsItUnlinkedAlready() {
    String repo = newRepo("del-freed-layer");
    Blob config = OciFixtures.config(repo);
    Blob layer = Blob.random(40, 10);
    pushBlob(repo, config);
    pushBlob(repo, layer);
    String digest =
        pushManifest(
            repo, "v1", OCI_MANIFEST, OciFixtures.bytes(OciFixtures.ociImage(config, layer)));
    assertThat(http.delete("/v2/" + repo + "/blobs/" + layer.digest()).status()).isEqualTo(405);

    assertThat(http.delete("/v2/" + repo + "/manifests/" + digest).status()).isEqualTo(202);

    assertBlobUnknown(repo, layer.digest());
    assertThat(http.delete("/v2/" + repo + "/blobs/" + layer.digest()).status()).isEqualTo(404);
  }

  /**
   * Issue 9, item 10: a child of an index cannot be deleted by digest over /v2, as BatchDeleteImage
   * refuses it (ImageReferencedByManifestList).
   */
  @Test
  void deleteManifest_childOfAnIndex_isRefusedWithConflict() {
    String repo = newRepo("del-child");
    byte[] child = pushImage(repo, "child");
    String childDigest = OciFixtures.sha256(child);
    String indexDigest =
        pushManifest(
            repo,
            "multi",
            OCI_INDEX,
            OciFixtures.bytes(OciFixtures.index(OCI_INDEX, OCI_MANIFEST, child)));

    JsonNode error =
        assertError(http.delete("/v2/" + repo + "/manifests/" + childDigest), 409, "DENIED");

    assertThat(error.get("message").asText()).contains("referenced by a manifest list");
    assertThat(http.get("/v2/" + repo + "/manifests/" + childDigest).body()).isEqualTo(child);
    assertThat(http.get("/v2/" + repo + "/manifests/child").status()).isEqualTo(200);
    assertThat(http.delete("/v2/" + repo + "/manifests/" + indexDigest).status()).isEqualTo(202);
    assertThat(http.delete("/v2/" + repo + "/manifests/" + childDigest).status()).isEqualTo(202);
  }

  /** Issue 9, item 11: a layer descriptor claiming 999,999 bytes for a 53-byte blob. */
  @Test
  void putManifest_layerSizeLargerThanBlob_isManifestInvalid() {
    String repo = newRepo("size-layer");
    Blob config = OciFixtures.config(repo);
    Blob layer = Blob.random(53, 11);
    pushBlob(repo, config);
    pushBlob(repo, layer);
    ObjectNode m = OciFixtures.ociImage(config, layer);
    ((ObjectNode) m.get("layers").get(0)).put("size", 999_999);

    JsonNode error =
        assertError(
            putManifest(repo, "v1", OCI_MANIFEST, OciFixtures.bytes(m)), 400, "MANIFEST_INVALID");

    assertThat(error.get("message").asText()).contains("size");
    JsonNode d = error.get("detail").get("descriptors").get(0);
    assertThat(d.get("digest").asText()).isEqualTo(layer.digest());
    assertThat(d.get("size").asLong()).isEqualTo(999_999);
    assertThat(d.get("actual").asLong()).isEqualTo(53);
    assertError(http.get("/v2/" + repo + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
  }

  /** Issue 9, item 11: the config's size is checked too, also when it is smaller. */
  @Test
  void putManifest_configSizeSmallerThanBlob_isManifestInvalid() {
    String repo = newRepo("size-config");
    Blob config = OciFixtures.config(repo);
    Blob layer = Blob.random(20, 12);
    pushBlob(repo, config);
    pushBlob(repo, layer);
    ObjectNode m = OciFixtures.ociImage(config, layer);
    ((ObjectNode) m.get("config")).put("size", 1);

    assertError(
        putManifest(repo, "v1", OCI_MANIFEST, OciFixtures.bytes(m)), 400, "MANIFEST_INVALID");
  }

  /** Issue 9, item 11: an index's child descriptor is checked against the stored manifest. */
  @Test
  void putIndex_childSizeWrong_isManifestInvalid() {
    String repo = newRepo("size-child");
    byte[] child = pushImage(repo, "child");
    ObjectNode index = OciFixtures.index(OCI_INDEX, OCI_MANIFEST, child);
    ((ObjectNode) index.get("manifests").get(0)).put("size", child.length + 1000);

    assertError(
        putManifest(repo, "multi", OCI_INDEX, OciFixtures.bytes(index)), 400, "MANIFEST_INVALID");
    assertThat(
            putManifest(
                    repo,
                    "multi",
                    OCI_INDEX,
                    OciFixtures.bytes(OciFixtures.index(OCI_INDEX, OCI_MANIFEST, child)))
                .status())
        .isEqualTo(201);
  }

  /** A missing blob is still reported as unknown (before any size check). */
  @Test
  void putManifest_missingBlobWithWrongSize_isStillBlobUnknown() {
    String repo = newRepo("size-missing");
    Blob config = OciFixtures.config(repo);
    pushBlob(repo, config);
    ObjectNode m = OciFixtures.ociImage(config, Blob.random(30, 13));
    ((ObjectNode) m.get("layers").get(0)).put("size", 999_999);

    Reply r = putManifest(repo, "v1", OCI_MANIFEST, OciFixtures.bytes(m));

    assertError(r, 400, "MANIFEST_BLOB_UNKNOWN");
  }
}
