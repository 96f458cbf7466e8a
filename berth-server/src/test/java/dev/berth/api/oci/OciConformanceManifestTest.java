package dev.berth.api.oci;

import static dev.berth.api.oci.OciFixtures.DOCKER_LIST;
import static dev.berth.api.oci.OciFixtures.DOCKER_MANIFEST;
import static dev.berth.api.oci.OciFixtures.OCI_INDEX;
import static dev.berth.api.oci.OciFixtures.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.oci.OciFixtures.Blob;
import dev.berth.api.oci.OciHttp.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Manifest push and pull of every supported format, by tag and digest; deletes; Accept. */
class OciConformanceManifestTest extends OciConformanceSupport {

  /** Pushes config and layer blobs and returns an OCI image manifest's bytes over them. */
  private byte[] ociImage(String repo, String label) {
    Blob config = OciFixtures.config(label);
    Blob layer = Blob.random(32, label.hashCode());
    pushBlob(repo, config);
    pushBlob(repo, layer);
    return OciFixtures.bytes(OciFixtures.ociImage(config, layer));
  }

  private byte[] dockerImage(String repo, String label) {
    Blob config = OciFixtures.config(label);
    Blob layer = Blob.random(48, label.hashCode());
    pushBlob(repo, config);
    pushBlob(repo, layer);
    return OciFixtures.bytes(OciFixtures.dockerImage(config, layer));
  }

  /** Checks GET and HEAD by tag and by digest return the pushed bytes and media type. */
  private void assertPullable(String repo, String tag, String mediaType, byte[] body) {
    String digest = OciFixtures.sha256(body);
    for (String ref : List.of(tag, digest)) {
      Reply get = http.get("/v2/" + repo + "/manifests/" + ref);
      assertThat(get.status()).as("GET %s: %s", ref, get).isEqualTo(200);
      assertThat(get.body()).as("GET %s", ref).isEqualTo(body);
      assertThat(get.header("Content-Type")).as("GET %s", ref).hasValue(mediaType);
      assertThat(get.header("Docker-Content-Digest")).as("GET %s", ref).hasValue(digest);
      assertThat(get.header("Content-Length")).hasValue(Integer.toString(body.length));
      Reply head = http.raw("HEAD", "/v2/" + repo + "/manifests/" + ref);
      assertThat(head.status()).as("HEAD %s", ref).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.header("Content-Type")).as("HEAD %s", ref).hasValue(mediaType);
      assertThat(head.header("Docker-Content-Digest")).as("HEAD %s", ref).hasValue(digest);
      assertThat(head.header("Content-Length")).hasValue(Integer.toString(body.length));
    }
  }

  private void assertPushed(Reply put, String repo, byte[] body) {
    String digest = OciFixtures.sha256(body);
    assertThat(put.status()).as("%s", put).isEqualTo(201);
    assertThat(put.location()).isEqualTo("/v2/" + repo + "/manifests/" + digest);
    assertThat(put.header("Docker-Content-Digest")).hasValue(digest);
  }

  @Test
  void ociManifest_pushedByTag_isPulledByTagAndDigest() {
    String repo = newRepo("man-oci");
    byte[] body = ociImage(repo, "oci");

    Reply put = putManifest(repo, "v1", OCI_MANIFEST, body);

    assertPushed(put, repo, body);
    assertPullable(repo, "v1", OCI_MANIFEST, body);
  }

  @Test
  void manifest_pushedByDigest_isPulledByDigestAndHasNoTag() {
    String repo = newRepo("man-bydigest");
    byte[] body = ociImage(repo, "bydigest");
    String digest = OciFixtures.sha256(body);

    Reply put = putManifest(repo, digest, OCI_MANIFEST, body);

    assertPushed(put, repo, body);
    Reply get = http.get("/v2/" + repo + "/manifests/" + digest);
    assertThat(get.body()).isEqualTo(body);
    assertThat(http.get("/v2/" + repo + "/tags/list").json().get("tags")).isEmpty();
  }

  @Test
  void manifest_isStoredByteForByte() {
    String repo = newRepo("man-bytes");
    Blob config = OciFixtures.config("bytes");
    Blob layer = Blob.random(20, 41);
    pushBlob(repo, config);
    pushBlob(repo, layer);
    String text =
        "{\n\t\"layers\" : [ {\"size\":20, \"digest\": \""
            + layer.digest()
            + "\",\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\"} ],\r\n"
            + "   \"config\":{ \"size\" : "
            + config.size()
            + ", \"mediaType\":\"application/vnd.oci.image.config.v1+json\", \"digest\":\""
            + config.digest()
            + "\" },\n  \"schemaVersion\" :2,  \"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"annotations\":{\"z\":\"\\u00e9t\u00e9\",\"a\":\"1\"}  }\n\n";
    byte[] body = text.getBytes(StandardCharsets.UTF_8);

    Reply put = putManifest(repo, "odd", OCI_MANIFEST, body);

    assertPushed(put, repo, body);
    assertPullable(repo, "odd", OCI_MANIFEST, body);
  }

  @Test
  void dockerSchema2_isPushedAndPulled() {
    String repo = newRepo("man-docker");
    byte[] body = dockerImage(repo, "docker");

    assertPushed(putManifest(repo, "latest", DOCKER_MANIFEST, body), repo, body);
    assertPullable(repo, "latest", DOCKER_MANIFEST, body);
  }

  @Test
  void dockerManifestList_isPushedAndPulled() {
    String repo = newRepo("man-list");
    byte[] amd = dockerImage(repo, "list-amd64");
    byte[] arm = dockerImage(repo, "list-arm64");
    pushManifest(repo, OciFixtures.sha256(amd), DOCKER_MANIFEST, amd);
    pushManifest(repo, OciFixtures.sha256(arm), DOCKER_MANIFEST, arm);
    byte[] body = OciFixtures.bytes(OciFixtures.index(DOCKER_LIST, DOCKER_MANIFEST, amd, arm));

    assertPushed(putManifest(repo, "multi", DOCKER_LIST, body), repo, body);
    assertPullable(repo, "multi", DOCKER_LIST, body);
  }

  @Test
  void ociIndex_isPushedAndPulled() {
    String repo = newRepo("man-index");
    byte[] amd = ociImage(repo, "index-amd64");
    byte[] arm = ociImage(repo, "index-arm64");
    pushManifest(repo, "amd64", OCI_MANIFEST, amd);
    pushManifest(repo, "arm64", OCI_MANIFEST, arm);
    byte[] body = OciFixtures.bytes(OciFixtures.index(OCI_INDEX, OCI_MANIFEST, amd, arm));

    assertPushed(putManifest(repo, "multi", OCI_INDEX, body), repo, body);
    assertPullable(repo, "multi", OCI_INDEX, body);
  }

  @Test
  void ociArtifactManifest_withEmptyConfig_isPushedAndPulled() {
    String repo = newRepo("man-artifact");
    Blob payload = Blob.of("{\"spdxVersion\":\"SPDX-2.3\"}");
    pushBlob(repo, OciFixtures.EMPTY_CONFIG);
    pushBlob(repo, payload);
    byte[] body = OciFixtures.bytes(OciFixtures.artifact("application/spdx+json", payload));

    assertPushed(putManifest(repo, "sbom", OCI_MANIFEST, body), repo, body);
    assertPullable(repo, "sbom", OCI_MANIFEST, body);
    Reply config = http.get("/v2/" + repo + "/blobs/" + OciFixtures.EMPTY_CONFIG.digest());
    assertThat(config.text()).isEqualTo("{}");
  }

  @Test
  void repush_sameTag_movesTag() {
    String repo = newRepo("man-move");
    byte[] one = ociImage(repo, "move-1");
    byte[] two = ociImage(repo, "move-2");
    pushManifest(repo, "v", OCI_MANIFEST, one);

    assertPushed(putManifest(repo, "v", OCI_MANIFEST, two), repo, two);

    assertThat(http.get("/v2/" + repo + "/manifests/v").body()).isEqualTo(two);
    assertThat(http.get("/v2/" + repo + "/manifests/" + OciFixtures.sha256(one)).body())
        .isEqualTo(one);
  }

  @Test
  void acceptHeader_withoutStoredType_answersManifestUnknown() {
    String repo = newRepo("man-accept");
    byte[] body = ociImage(repo, "accept");
    pushManifest(repo, "v1", OCI_MANIFEST, body);
    String path = "/v2/" + repo + "/manifests/v1";

    Reply refused = http.get(path, "Accept", DOCKER_MANIFEST + ", " + DOCKER_LIST);

    assertError(refused, 404, "MANIFEST_UNKNOWN");
    assertThat(http.get(path, "Accept", DOCKER_MANIFEST + ", " + OCI_MANIFEST).body())
        .isEqualTo(body);
    assertThat(http.get(path, "Accept", DOCKER_MANIFEST, "Accept", OCI_MANIFEST).body())
        .isEqualTo(body);
    assertThat(http.get(path, "Accept", OCI_MANIFEST + ";q=0.5").status()).isEqualTo(200);
    assertThat(http.get(path, "Accept", "*/*").status()).isEqualTo(200);
  }

  @Test
  void deleteByDigest_removesManifestAndItsTags() {
    String repo = newRepo("man-del");
    byte[] body = ociImage(repo, "del");
    String digest = pushManifest(repo, "a", OCI_MANIFEST, body);
    pushManifest(repo, "b", OCI_MANIFEST, body);
    byte[] kept = ociImage(repo, "kept");
    pushManifest(repo, "c", OCI_MANIFEST, kept);

    Reply r = http.delete("/v2/" + repo + "/manifests/" + digest);

    assertThat(r.status()).isEqualTo(202);
    assertError(http.get("/v2/" + repo + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
    assertError(http.get("/v2/" + repo + "/manifests/a"), 404, "MANIFEST_UNKNOWN");
    assertThat(http.raw("HEAD", "/v2/" + repo + "/manifests/" + digest).status()).isEqualTo(404);
    assertThat(http.get("/v2/" + repo + "/tags/list").json().get("tags").toString())
        .isEqualTo("[\"c\"]");
    assertError(http.delete("/v2/" + repo + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
    // Issue 10: the deleted image's own blobs went from the repository with it; a push again
    // uploads them first, as clients do.
    assertError(putManifest(repo, "a", OCI_MANIFEST, body), 400, "MANIFEST_BLOB_UNKNOWN");
    assertThat(ociImage(repo, "del")).isEqualTo(body);
    assertThat(putManifest(repo, "a", OCI_MANIFEST, body).status()).isEqualTo(201);
    assertThat(http.get("/v2/" + repo + "/manifests/" + digest).body()).isEqualTo(body);
  }

  @Test
  void manifest_pushedBySha512Digest_isPulledBySha512() {
    String repo = newRepo("man-sha512");
    byte[] body = ociImage(repo, "sha512");
    String sha512 = OciFixtures.sha512(body);

    Reply put = putManifest(repo, sha512, OCI_MANIFEST, body);

    assertThat(put.status()).as("%s", put).isEqualTo(201);
    assertThat(put.header("Docker-Content-Digest")).hasValue(sha512);
    assertThat(put.location()).isEqualTo("/v2/" + repo + "/manifests/" + sha512);
    Reply get = http.get("/v2/" + repo + "/manifests/" + sha512);
    assertThat(get.status()).as("%s", get).isEqualTo(200);
    assertThat(get.body()).isEqualTo(body);
    assertThat(get.header("Docker-Content-Digest")).hasValue(sha512);
  }

  @Test
  void deleteByTag_removesOnlyTheTag() {
    String repo = newRepo("man-deltag");
    byte[] body = ociImage(repo, "deltag");
    String digest = pushManifest(repo, "a", OCI_MANIFEST, body);
    pushManifest(repo, "b", OCI_MANIFEST, body);

    Reply r = http.delete("/v2/" + repo + "/manifests/a");

    assertThat(r.status()).isEqualTo(202);
    assertError(http.get("/v2/" + repo + "/manifests/a"), 404, "MANIFEST_UNKNOWN");
    assertThat(http.get("/v2/" + repo + "/manifests/b").body()).isEqualTo(body);
    assertThat(http.get("/v2/" + repo + "/manifests/" + digest).body()).isEqualTo(body);
    assertThat(http.get("/v2/" + repo + "/tags/list").json().get("tags").toString())
        .isEqualTo("[\"b\"]");
    assertError(http.delete("/v2/" + repo + "/manifests/a"), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void unknownManifest_answersManifestUnknown() {
    String repo = newRepo("man-unknown");

    assertError(http.get("/v2/" + repo + "/manifests/nope"), 404, "MANIFEST_UNKNOWN");
    assertError(
        http.get("/v2/" + repo + "/manifests/" + OciFixtures.sha256(new byte[] {1})),
        404,
        "MANIFEST_UNKNOWN");
    Reply head = http.raw("HEAD", "/v2/" + repo + "/manifests/nope");
    assertThat(head.status()).isEqualTo(404);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void manifestOfAnotherRepository_isNotVisible() {
    String a = newRepo("man-iso-a");
    String b = newRepo("man-iso-b");
    byte[] body = ociImage(a, "iso");
    String digest = pushManifest(a, "v1", OCI_MANIFEST, body);

    assertError(http.get("/v2/" + b + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
    assertError(http.get("/v2/" + b + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
    assertError(putManifest(b, "v1", OCI_MANIFEST, body), 400, "MANIFEST_BLOB_UNKNOWN");
  }
}
