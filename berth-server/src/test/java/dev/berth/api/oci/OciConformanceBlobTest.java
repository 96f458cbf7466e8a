package dev.berth.api.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.oci.OciFixtures.Blob;
import dev.berth.api.oci.OciHttp.Reply;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Blob reads (whole and ranged), deletes, repository isolation and cross-repository mount. */
class OciConformanceBlobTest extends OciConformanceSupport {
  private static final Blob BLOB = Blob.random(100, 31);

  private String repoWithBlob(String hint) {
    String repo = newRepo(hint);
    pushBlob(repo, BLOB);
    return repo;
  }

  private String blobPath(String repo, Blob blob) {
    return "/v2/" + repo + "/blobs/" + blob.digest();
  }

  @Test
  void get_servesBytesWithDigestLengthAndAcceptRanges() {
    String repo = repoWithBlob("blob-get");

    Reply r = http.get(blobPath(repo, BLOB));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(BLOB.bytes());
    assertThat(r.header("Content-Length")).hasValue("100");
    assertThat(r.header("Docker-Content-Digest")).hasValue(BLOB.digest());
    assertThat(r.header("Accept-Ranges")).hasValue("bytes");
    assertThat(r.header("Content-Type")).hasValue("application/octet-stream");
  }

  @Test
  void head_answersHeadersWithoutBody() {
    String repo = repoWithBlob("blob-head");

    Reply r = http.raw("HEAD", blobPath(repo, BLOB));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Length")).hasValue("100");
    assertThat(r.header("Docker-Content-Digest")).hasValue(BLOB.digest());
    assertThat(r.header("Accept-Ranges")).hasValue("bytes");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void rangeRequests_answerPartialContent() {
    String repo = repoWithBlob("blob-range");
    byte[] b = BLOB.bytes();

    Reply first = http.get(blobPath(repo, BLOB), "Range", "bytes=0-9");
    Reply from = http.get(blobPath(repo, BLOB), "Range", "bytes=5-");
    Reply suffix = http.get(blobPath(repo, BLOB), "Range", "bytes=-4");
    Reply clipped = http.get(blobPath(repo, BLOB), "Range", "bytes=90-1000");

    assertThat(first.status()).isEqualTo(206);
    assertThat(first.body()).isEqualTo(Arrays.copyOfRange(b, 0, 10));
    assertThat(first.header("Content-Range")).hasValue("bytes 0-9/100");
    assertThat(first.header("Content-Length")).hasValue("10");
    assertThat(from.status()).isEqualTo(206);
    assertThat(from.body()).isEqualTo(Arrays.copyOfRange(b, 5, 100));
    assertThat(from.header("Content-Range")).hasValue("bytes 5-99/100");
    assertThat(suffix.status()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(b, 96, 100));
    assertThat(suffix.header("Content-Range")).hasValue("bytes 96-99/100");
    assertThat(clipped.status()).isEqualTo(206);
    assertThat(clipped.body()).isEqualTo(Arrays.copyOfRange(b, 90, 100));
    assertThat(clipped.header("Content-Range")).hasValue("bytes 90-99/100");
  }

  @Test
  void headWithRange_answersPartialHeaders() {
    String repo = repoWithBlob("blob-headrange");

    Reply r = http.raw("HEAD", blobPath(repo, BLOB), Map.of("Range", "bytes=10-19"), new byte[0]);

    assertThat(r.status()).isEqualTo(206);
    assertThat(r.header("Content-Range")).hasValue("bytes 10-19/100");
    assertThat(r.header("Content-Length")).hasValue("10");
  }

  @Test
  void rangeBeyondSize_answers416WithSize() {
    String repo = repoWithBlob("blob-416");

    Reply r = http.get(blobPath(repo, BLOB), "Range", "bytes=1000-");

    assertThat(r.status()).isEqualTo(416);
    assertThat(r.header("Content-Range")).hasValue("bytes */100");
    assertThat(r.json().get("errors").get(0).get("code").isTextual()).isTrue();
    assertThat(http.get(blobPath(repo, BLOB), "Range", "bytes=100-").status()).isEqualTo(416);
  }

  @Test
  void malformedOrOtherUnitRange_servesWholeBlob() {
    String repo = repoWithBlob("blob-badrange");

    for (String range : new String[] {"items=0-9", "bytes=9-3", "bytes=abc", "bytes=0-1,5-6"}) {
      Reply r = http.get(blobPath(repo, BLOB), "Range", range);
      assertThat(r.status()).as(range).isEqualTo(200);
      assertThat(r.body()).as(range).isEqualTo(BLOB.bytes());
    }
  }

  @Test
  void delete_unlinksBlob() {
    String repo = repoWithBlob("blob-delete");

    Reply r = http.delete(blobPath(repo, BLOB));

    assertThat(r.status()).isEqualTo(202);
    assertBlobUnknown(repo, BLOB.digest());
    assertError(http.delete(blobPath(repo, BLOB)), 404, "BLOB_UNKNOWN");
  }

  @Test
  void delete_leavesOtherRepositoriesCopy() {
    String a = repoWithBlob("blob-del-a");
    String b = repoWithBlob("blob-del-b");

    assertThat(http.delete(blobPath(a, BLOB)).status()).isEqualTo(202);

    assertBlobUnknown(a, BLOB.digest());
    assertThat(http.get(blobPath(b, BLOB)).body()).isEqualTo(BLOB.bytes());
  }

  @Test
  void blobOfAnotherRepository_isNotVisible() {
    repoWithBlob("blob-owner");
    String other = newRepo("blob-other");

    assertBlobUnknown(other, BLOB.digest());
    assertError(http.delete(blobPath(other, BLOB)), 404, "BLOB_UNKNOWN");
  }

  @Test
  void unknownBlob_answersBlobUnknownWithDigestDetail() {
    String repo = newRepo("blob-unknown");
    Blob missing = Blob.random(5, 32);

    Reply r = http.get(blobPath(repo, missing));

    assertThat(assertError(r, 404, "BLOB_UNKNOWN").toString()).contains(missing.digest());
    assertError(http.get("/v2/blob-nowhere/blobs/" + missing.digest()), 404, "NAME_UNKNOWN");
  }

  @Test
  void mount_fromRepositoryHoldingBlob_createsWithoutUpload() {
    String a = repoWithBlob("mount-src");
    String b = newRepo("mount-dst");

    Reply r =
        http.post(
            "/v2/" + b + "/blobs/uploads/?mount=" + BLOB.digest() + "&from=" + a, new byte[0]);

    assertThat(r.status()).as("%s", r).isEqualTo(201);
    assertThat(r.location()).isEqualTo("/v2/" + b + "/blobs/" + BLOB.digest());
    assertThat(r.header("Docker-Content-Digest")).hasValue(BLOB.digest());
    Reply get = http.get(blobPath(b, BLOB));
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(BLOB.bytes());
  }

  @Test
  void mount_fromRepositoryLackingBlob_opensUploadSession() {
    String a = newRepo("mount-empty");
    String b = newRepo("mount-dst2");
    Blob missing = Blob.random(10, 33);

    Reply r =
        http.post(
            "/v2/" + b + "/blobs/uploads/?mount=" + missing.digest() + "&from=" + a, new byte[0]);

    assertThat(r.status()).as("%s", r).isEqualTo(202);
    assertThat(r.location()).startsWith("/v2/" + b + "/blobs/uploads/");
    assertThat(r.header("Docker-Upload-UUID")).isPresent();
    assertBlobUnknown(b, missing.digest());
    Reply put = http.put(r.location() + "?digest=" + missing.digest(), missing.bytes());
    assertThat(put.status()).as("%s", put).isEqualTo(201);
    assertThat(http.get(blobPath(b, missing)).body()).isEqualTo(missing.bytes());
  }

  @Test
  void mount_fromMissingOrInvalidRepository_opensUploadSession() {
    String b = newRepo("mount-dst3");

    for (String from : new String[] {"mount-no-such-repo", "INVALID", ""}) {
      Reply r =
          http.post(
              "/v2/" + b + "/blobs/uploads/?mount=" + BLOB.digest() + "&from=" + from, new byte[0]);
      assertThat(r.status()).as(from).isEqualTo(202);
      assertThat(r.location()).as(from).startsWith("/v2/" + b + "/blobs/uploads/");
    }
    assertBlobUnknown(b, BLOB.digest());
  }

  @Test
  void mount_withMalformedDigest_answersDigestInvalid() {
    String b = newRepo("mount-bad");

    Reply r = http.post("/v2/" + b + "/blobs/uploads/?mount=sha256:xyz&from=x1", new byte[0]);

    assertError(r, 400, "DIGEST_INVALID");
  }
}
