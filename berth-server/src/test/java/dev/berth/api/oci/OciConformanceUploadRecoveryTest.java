package dev.berth.api.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.oci.OciFixtures.Blob;
import dev.berth.api.oci.OciHttp.Reply;
import dev.berth.registry.RepositoryService;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Uploads that survive a client dying mid-chunk and a node restart. */
class OciConformanceUploadRecoveryTest extends OciConformanceSupport {
  private static final String OCTETS = "application/octet-stream";

  private String startUpload(String repo) {
    Reply r = http.post("/v2/" + repo + "/blobs/uploads/", new byte[0]);
    assertThat(r.status()).as("%s", r).isEqualTo(202);
    return r.location();
  }

  private Reply patchRange(String location, byte[] blob, int from, int to) {
    return http.patch(
        location,
        Arrays.copyOfRange(blob, from, to),
        "Content-Type",
        OCTETS,
        "Content-Range",
        from + "-" + (to - 1));
  }

  /**
   * Retries while the server still holds the session for the request whose client hung up (it
   * answers "another request is writing" until it has noticed the hang-up).
   */
  private static Reply whenSessionFree(Supplier<Reply> request) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      Reply r = request.get();
      boolean busy = r.status() == 400 && r.text().contains("another request is writing");
      if (!busy || Instant.now().isAfter(deadline)) {
        return r;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return r;
      }
    }
  }

  @Test
  void brokenChunk_isDiscardedAndSessionResumesFromLastGoodOffset() {
    String repo = newRepo("rec-broken");
    Blob blob = Blob.random(300_000, 21);
    byte[] b = blob.bytes();
    String location = startUpload(repo);
    assertThat(patchRange(location, b, 0, 100_000).status()).isEqualTo(202);

    http.sendPartialAndHangUp("PATCH", location, 200_000, Arrays.copyOfRange(b, 100_000, 200_000));

    Reply status = whenSessionFree(() -> http.get(location));
    assertThat(status.status()).as("%s", status).isEqualTo(204);
    assertThat(status.header("Range")).hasValue("0-99999");
    assertBlobUnknown(repo, blob.digest());
    Reply rest = whenSessionFree(() -> patchRange(location, b, 100_000, 300_000));
    assertThat(rest.status()).as("%s", rest).isEqualTo(202);
    assertThat(rest.header("Range")).hasValue("0-299999");
    Reply put = http.put(location + "?digest=" + blob.digest(), new byte[0]);
    assertThat(put.status()).as("%s", put).isEqualTo(201);
    assertThat(put.header("Docker-Content-Digest")).hasValue(blob.digest());
    Reply get = http.get("/v2/" + repo + "/blobs/" + blob.digest());
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(b);
  }

  @Test
  void brokenStreamedChunk_withoutContentRange_leavesNothingBehind() {
    String repo = newRepo("rec-stream");
    Blob blob = Blob.random(50_000, 22);
    byte[] b = blob.bytes();
    String location = startUpload(repo);

    http.sendPartialAndHangUp("PATCH", location, 50_000, Arrays.copyOfRange(b, 0, 20_000));

    Reply status = whenSessionFree(() -> http.get(location));
    assertThat(status.header("Range")).hasValue("0-0");
    Reply put =
        whenSessionFree(
            () -> http.put(location + "?digest=" + blob.digest(), b, "Content-Type", OCTETS));
    assertThat(put.status()).as("%s", put).isEqualTo(201);
    assertThat(http.get("/v2/" + repo + "/blobs/" + blob.digest()).body()).isEqualTo(b);
  }

  @Test
  void brokenSingleRequestUpload_neverBecomesVisible() {
    String repo = newRepo("rec-single");
    Blob blob = Blob.random(40_000, 23);

    http.sendPartialAndHangUp(
        "POST",
        "/v2/" + repo + "/blobs/uploads/?digest=" + blob.digest(),
        blob.size(),
        Arrays.copyOfRange(blob.bytes(), 0, 10_000));

    assertBlobUnknown(repo, blob.digest());
    Reply retry =
        http.post(
            "/v2/" + repo + "/blobs/uploads/?digest=" + blob.digest(),
            blob.bytes(),
            "Content-Type",
            OCTETS);
    assertThat(retry.status()).as("%s", retry).isEqualTo(201);
  }

  @Test
  void failedSingleRequestUpload_leavesNoSessionBehind() throws Exception {
    String repo = newRepo("rec-orphan");
    String repoId =
        node.berth()
            .services()
            .repositories()
            .get(node.berth().config().registry().home(), RepositoryService.name(repo))
            .id();
    Blob blob = Blob.random(30_000, 28);

    http.sendPartialAndHangUp(
        "POST",
        "/v2/" + repo + "/blobs/uploads/?digest=" + blob.digest(),
        blob.size(),
        Arrays.copyOfRange(blob.bytes(), 0, 5_000));
    http.post(
        "/v2/" + repo + "/blobs/uploads/?digest=" + Blob.random(4, 29).digest(), blob.bytes());

    Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
    long open = sessions(repoId);
    while (open > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
      open = sessions(repoId);
    }
    assertThat(open).as("open upload sessions of %s", repo).isZero();
    assertBlobUnknown(repo, blob.digest());
  }

  private long sessions(String repoId) {
    return node
        .berth()
        .services()
        .meta()
        .uploads()
        .idleSince(Instant.now().plusSeconds(60))
        .stream()
        .filter(s -> s.repositoryId().equals(repoId))
        .count();
  }

  @Test
  void session_resumesAfterNodeRestart() throws Exception {
    String repo = newRepo("rec-restart");
    Blob blob = Blob.random(120_000, 24);
    byte[] b = blob.bytes();
    String location = startUpload(repo);
    assertThat(patchRange(location, b, 0, 50_000).status()).isEqualTo(202);

    restartNode();

    Reply status = http.get(location);
    assertThat(status.status()).as("%s", status).isEqualTo(204);
    assertThat(status.header("Range")).hasValue("0-49999");
    assertThat(patchRange(location, b, 50_000, 120_000).status()).isEqualTo(202);
    Reply put = http.put(location + "?digest=" + blob.digest(), new byte[0]);
    assertThat(put.status()).as("%s", put).isEqualTo(201);
    assertThat(put.header("Docker-Content-Digest")).hasValue(blob.digest());
    assertThat(http.get("/v2/" + repo + "/blobs/" + blob.digest()).body()).isEqualTo(b);
  }

  @Test
  void brokenChunkThenRestart_resumesFromLastGoodOffset() throws Exception {
    String repo = newRepo("rec-both");
    Blob blob = Blob.random(90_000, 25);
    byte[] b = blob.bytes();
    String location = startUpload(repo);
    assertThat(patchRange(location, b, 0, 30_000).status()).isEqualTo(202);
    http.sendPartialAndHangUp("PATCH", location, 60_000, Arrays.copyOfRange(b, 30_000, 45_000));
    whenSessionFree(() -> http.get(location));

    restartNode();

    assertThat(http.get(location).header("Range")).hasValue("0-29999");
    assertError(patchRange(location, b, 45_000, 90_000), 416, "BLOB_UPLOAD_INVALID");
    assertThat(patchRange(location, b, 30_000, 90_000).status()).isEqualTo(202);
    Reply put = http.put(location + "?digest=" + blob.digest(), new byte[0]);
    assertThat(put.status()).as("%s", put).isEqualTo(201);
    assertThat(http.get("/v2/" + repo + "/blobs/" + blob.digest()).body()).isEqualTo(b);
  }

  @Test
  void digestMismatchAfterRestart_isRejectedAndBlobStaysUnknown() throws Exception {
    String repo = newRepo("rec-mismatch");
    Blob blob = Blob.random(10_000, 26);
    String location = startUpload(repo);
    assertThat(patchRange(location, blob.bytes(), 0, 10_000).status()).isEqualTo(202);

    restartNode();

    Blob other = Blob.random(10_000, 27);
    assertError(
        http.put(location + "?digest=" + other.digest(), new byte[0]), 400, "DIGEST_INVALID");
    assertBlobUnknown(repo, other.digest());
    assertBlobUnknown(repo, blob.digest());
  }
}
