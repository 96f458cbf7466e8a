package dev.berth.api.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.oci.OciFixtures.Blob;
import dev.berth.api.oci.OciHttp.Reply;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blob uploads: monolithic, single-request, chunked, streamed; status, cancel and failures. */
class OciConformanceBlobUploadTest extends OciConformanceSupport {
  private static final String OCTETS = "application/octet-stream";

  /** Opens a session and returns its location path. */
  private String startUpload(String repo) {
    Reply r = http.post("/v2/" + repo + "/blobs/uploads/", new byte[0]);
    assertThat(r.status()).as("%s", r).isEqualTo(202);
    return r.location();
  }

  private static String withDigest(String location, String digest) {
    return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
  }

  private Reply patchRange(String location, byte[] chunk, long start) {
    return http.patch(
        location,
        chunk,
        "Content-Type",
        OCTETS,
        "Content-Range",
        start + "-" + (start + chunk.length - 1));
  }

  private void assertServes(String repo, Blob blob) {
    Reply r = http.get("/v2/" + repo + "/blobs/" + blob.digest());
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.body()).isEqualTo(blob.bytes());
    assertThat(r.header("Docker-Content-Digest")).hasValue(blob.digest());
  }

  private static void assertCreated(Reply r, String repo, Blob blob) {
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    assertThat(r.location()).isEqualTo("/v2/" + repo + "/blobs/" + blob.digest());
    assertThat(r.header("Docker-Content-Digest")).hasValue(blob.digest());
  }

  @Test
  void post_opensSessionWithLocationUuidAndChunkMinLength() {
    String repo = newRepo("up-post");

    Reply r = http.post("/v2/" + repo + "/blobs/uploads/", new byte[0]);

    assertThat(r.status()).isEqualTo(202);
    String uuid = r.header("Docker-Upload-UUID").orElseThrow();
    assertThat(r.location()).isEqualTo("/v2/" + repo + "/blobs/uploads/" + uuid);
    assertThat(r.header("Range")).hasValue("0-0");
    assertThat(Long.parseLong(r.header("OCI-Chunk-Min-Length").orElseThrow())).isPositive();
  }

  @Test
  void monolithicUpload_postThenPutWithBody_createsBlob() {
    String repo = newRepo("up-mono");
    Blob blob = Blob.random(3000, 1);
    String location = startUpload(repo);

    Reply put = http.put(withDigest(location, blob.digest()), blob.bytes(), "Content-Type", OCTETS);

    assertCreated(put, repo, blob);
    assertServes(repo, blob);
    assertError(http.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void singleRequestUpload_postWithDigest_createsBlob() {
    String repo = newRepo("up-single");
    Blob blob = Blob.random(1234, 2);

    Reply r =
        http.post(
            "/v2/" + repo + "/blobs/uploads/?digest=" + blob.digest(),
            blob.bytes(),
            "Content-Type",
            OCTETS);

    assertCreated(r, repo, blob);
    assertServes(repo, blob);
  }

  @Test
  void chunkedUpload_patchesWithContentRangeThenPut_createsBlob() {
    String repo = newRepo("up-chunked");
    Blob blob = Blob.random(1000, 3);
    String location = startUpload(repo);
    int[] cuts = {0, 100, 101, 600, 1000};

    for (int i = 0; i + 1 < cuts.length; i++) {
      byte[] chunk = Arrays.copyOfRange(blob.bytes(), cuts[i], cuts[i + 1]);
      Reply r = patchRange(location, chunk, cuts[i]);
      assertThat(r.status()).as("%s", r).isEqualTo(202);
      assertThat(r.header("Range")).hasValue("0-" + (cuts[i + 1] - 1));
      assertThat(r.header("Docker-Upload-UUID")).isPresent();
      location = r.location();
    }
    Reply put = http.put(withDigest(location, blob.digest()), new byte[0]);

    assertCreated(put, repo, blob);
    assertServes(repo, blob);
  }

  @Test
  void chunkedUpload_finalChunkMayComeWithPut() {
    String repo = newRepo("up-lastchunk");
    Blob blob = Blob.random(500, 15);
    String location = startUpload(repo);
    patchRange(location, Arrays.copyOfRange(blob.bytes(), 0, 200), 0);

    Reply put =
        http.put(
            withDigest(location, blob.digest()),
            Arrays.copyOfRange(blob.bytes(), 200, 500),
            "Content-Type",
            OCTETS);

    assertCreated(put, repo, blob);
    assertServes(repo, blob);
  }

  @Test
  void sha512Digest_isAcceptedForUploads() {
    String repo = newRepo("up-sha512");
    Blob blob = Blob.random(2048, 16);
    String sha512 = OciFixtures.sha512(blob.bytes());
    String location = startUpload(repo);
    patchRange(location, Arrays.copyOfRange(blob.bytes(), 0, 1000), 0);

    Reply put =
        http.put(
            withDigest(location, sha512),
            Arrays.copyOfRange(blob.bytes(), 1000, 2048),
            "Content-Type",
            OCTETS);

    assertThat(put.status()).as("%s", put).isEqualTo(201);
    assertThat(put.header("Docker-Content-Digest")).hasValue(sha512);
    Reply get = http.get("/v2/" + repo + "/blobs/" + sha512);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(blob.bytes());
    assertThat(get.header("Docker-Content-Digest")).hasValue(sha512);
    Reply single =
        http.post(
            "/v2/" + newRepo("up-sha512b") + "/blobs/uploads/?digest=" + sha512, blob.bytes());
    assertThat(single.status()).as("%s", single).isEqualTo(201);
  }

  @Test
  void streamedUpload_patchWithoutContentRange_appends() {
    String repo = newRepo("up-stream");
    Blob blob = Blob.random(70_000, 4);
    String location = startUpload(repo);

    Reply first = http.patchStreamed(location, Arrays.copyOfRange(blob.bytes(), 0, 30_000));
    assertThat(first.status()).as("%s", first).isEqualTo(202);
    assertThat(first.header("Range")).hasValue("0-29999");
    Reply second =
        http.patch(
            first.location(),
            Arrays.copyOfRange(blob.bytes(), 30_000, 70_000),
            "Content-Type",
            OCTETS);
    assertThat(second.header("Range")).hasValue("0-69999");
    Reply put = http.put(withDigest(second.location(), blob.digest()), new byte[0]);

    assertCreated(put, repo, blob);
    assertServes(repo, blob);
  }

  @Test
  void uploadStatus_reportsOffsetAndUuid() {
    String repo = newRepo("up-status");
    String location = startUpload(repo);
    patchRange(location, new byte[10], 0);

    Reply r = http.get(location);

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Range")).hasValue("0-9");
    assertThat(r.header("Docker-Upload-UUID"))
        .hasValue(location.substring(location.lastIndexOf('/') + 1));
    assertThat(r.location()).isEqualTo(location);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void cancelUpload_deletesSession() {
    String repo = newRepo("up-cancel");
    String location = startUpload(repo);
    patchRange(location, new byte[] {1, 2, 3}, 0);

    Reply r = http.delete(location);

    assertThat(r.status()).isEqualTo(204);
    assertError(http.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(http.delete(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(patchRange(location, new byte[] {4}, 3), 404, "BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void chunkedUpload_rejectsChunkNotStartingAtOffset() {
    String repo = newRepo("up-offset");
    Blob blob = Blob.random(20, 5);
    String location = startUpload(repo);
    patchRange(location, Arrays.copyOfRange(blob.bytes(), 0, 10), 0);

    Reply gap = patchRange(location, Arrays.copyOfRange(blob.bytes(), 15, 20), 15);
    Reply overlap = patchRange(location, Arrays.copyOfRange(blob.bytes(), 5, 20), 5);

    for (Reply r : List.of(gap, overlap)) {
      assertError(r, 416, "BLOB_UPLOAD_INVALID");
      assertThat(r.header("Range")).hasValue("0-9");
      assertThat(r.location()).isEqualTo(location);
    }
    assertThat(http.get(location).header("Range")).hasValue("0-9");
    Reply rest = patchRange(location, Arrays.copyOfRange(blob.bytes(), 10, 20), 10);
    assertThat(rest.status()).isEqualTo(202);
    assertCreated(http.put(withDigest(location, blob.digest()), new byte[0]), repo, blob);
    assertServes(repo, blob);
  }

  @Test
  void chunkedUpload_rejectsContentRangeDifferentFromContentLength() {
    String repo = newRepo("up-length");
    String location = startUpload(repo);

    Reply r = http.patch(location, new byte[5], "Content-Type", OCTETS, "Content-Range", "0-9");

    assertError(r, 416, "BLOB_UPLOAD_INVALID");
    assertThat(http.get(location).header("Range")).hasValue("0-0");
    Blob blob = Blob.random(5, 6);
    assertThat(patchRange(location, blob.bytes(), 0).status()).isEqualTo(202);
    assertCreated(http.put(withDigest(location, blob.digest()), new byte[0]), repo, blob);
  }

  /**
   * A Content-Range whose numbers do not fit in a long (or whose length would overflow) is 416, not
   * a 500, and leaves the session usable (issue 9, item 14).
   */
  @Test
  void chunkedUpload_rejectsContentRangeBeyondALong() {
    String repo = newRepo("up-overflow");
    String location = startUpload(repo);

    for (String range :
        List.of("3-99999999999999999999", "99999999999999999999-3", "0-9223372036854775807")) {
      Reply r = http.patch(location, new byte[5], "Content-Type", OCTETS, "Content-Range", range);
      assertError(r, 416, "BLOB_UPLOAD_INVALID");
    }
    assertThat(http.get(location).header("Range")).hasValue("0-0");
    Blob blob = Blob.random(5, 9);
    assertThat(patchRange(location, blob.bytes(), 0).status()).isEqualTo(202);
    assertCreated(http.put(withDigest(location, blob.digest()), new byte[0]), repo, blob);
  }

  @Test
  void completeUpload_rejectsDigestMismatch() {
    String repo = newRepo("up-mismatch");
    Blob blob = Blob.random(100, 7);
    Blob claimed = Blob.random(100, 8);
    String location = startUpload(repo);

    Reply r =
        http.put(withDigest(location, claimed.digest()), blob.bytes(), "Content-Type", OCTETS);

    assertError(r, 400, "DIGEST_INVALID");
    assertBlobUnknown(repo, claimed.digest());
    assertBlobUnknown(repo, blob.digest());
  }

  @Test
  void singleRequestUpload_rejectsDigestMismatch() {
    String repo = newRepo("up-mismatch1");
    Blob blob = Blob.random(100, 9);
    Blob claimed = Blob.random(100, 10);

    Reply r =
        http.post(
            "/v2/" + repo + "/blobs/uploads/?digest=" + claimed.digest(),
            blob.bytes(),
            "Content-Type",
            OCTETS);

    assertError(r, 400, "DIGEST_INVALID");
    assertBlobUnknown(repo, claimed.digest());
    assertBlobUnknown(repo, blob.digest());
  }

  @Test
  void completeUpload_rejectsMalformedDigests() {
    String repo = newRepo("up-baddigest");
    Blob blob = Blob.random(10, 11);
    String location = startUpload(repo);
    List<String> bad =
        List.of(
            "sha256:xyz",
            "md5:d41d8cd98f00b204e9800998ecf8427e",
            "sha256:../../etc/passwd",
            "sha256:" + "A".repeat(64),
            "sha256",
            "");

    for (String digest : bad) {
      Reply put = http.put(location + "?digest=" + digest, blob.bytes(), "Content-Type", OCTETS);
      assertError(put, 400, "DIGEST_INVALID");
      Reply post =
          http.post(
              "/v2/" + repo + "/blobs/uploads/?digest=" + digest,
              blob.bytes(),
              "Content-Type",
              OCTETS);
      assertError(post, 400, "DIGEST_INVALID");
    }
    assertError(http.put(location, blob.bytes()), 400, "DIGEST_INVALID");
    assertBlobUnknown(repo, blob.digest());
    assertError(http.get("/v2/" + repo + "/blobs/sha256:xyz"), 400, "DIGEST_INVALID");
  }

  @Test
  void unknownUploadId_answersBlobUploadUnknown() {
    String repo = newRepo("up-unknown");
    String location = "/v2/" + repo + "/blobs/uploads/0b2b5b5e-no-such-upload";
    Blob blob = Blob.random(4, 12);

    assertError(http.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(patchRange(location, blob.bytes(), 0), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(
        http.put(withDigest(location, blob.digest()), blob.bytes(), "Content-Type", OCTETS),
        404,
        "BLOB_UPLOAD_UNKNOWN");
    assertError(http.delete(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertBlobUnknown(repo, blob.digest());
  }

  @Test
  void uploadSession_isBoundToItsRepository() {
    String a = newRepo("up-owner");
    String b = newRepo("up-intruder");
    Blob blob = Blob.random(16, 13);
    String location = startUpload(a);
    String id = location.substring(location.lastIndexOf('/') + 1);
    String foreign = "/v2/" + b + "/blobs/uploads/" + id;

    assertError(http.get(foreign), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(patchRange(foreign, blob.bytes(), 0), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(
        http.put(withDigest(foreign, blob.digest()), blob.bytes(), "Content-Type", OCTETS),
        404,
        "BLOB_UPLOAD_UNKNOWN");
    assertError(http.delete(foreign), 404, "BLOB_UPLOAD_UNKNOWN");

    assertBlobUnknown(b, blob.digest());
    assertThat(http.get(location).status()).isEqualTo(204);
    assertThat(http.get(location).header("Range")).hasValue("0-0");
  }

  @Test
  void zeroLengthBlob_canBeUploaded() {
    String repo = newRepo("up-empty");
    Blob empty = Blob.of(new byte[0]);
    String location = startUpload(repo);

    Reply put = http.put(withDigest(location, empty.digest()), new byte[0]);

    assertCreated(put, repo, empty);
    Reply get = http.get("/v2/" + repo + "/blobs/" + empty.digest());
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).isEmpty();
    assertThat(get.header("Content-Length")).hasValue("0");
    Reply head = http.head("/v2/" + repo + "/blobs/" + empty.digest());
    assertThat(head.header("Content-Length")).hasValue("0");

    String other = newRepo("up-empty1");
    Reply single =
        http.post("/v2/" + other + "/blobs/uploads/?digest=" + empty.digest(), new byte[0]);
    assertCreated(single, other, empty);
  }

  @Test
  void uploadToMissingRepository_answersNameUnknown() {
    Blob blob = Blob.random(8, 14);

    assertError(http.post("/v2/up-nowhere/blobs/uploads/", new byte[0]), 404, "NAME_UNKNOWN");
    assertError(
        http.post("/v2/up-nowhere/blobs/uploads/?digest=" + blob.digest(), blob.bytes()),
        404,
        "NAME_UNKNOWN");
  }
}
