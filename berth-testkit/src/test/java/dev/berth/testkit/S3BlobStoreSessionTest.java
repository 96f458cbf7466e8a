package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.blob.BlobContent;
import dev.berth.blob.Staged;
import dev.berth.blob.s3.S3BlobStore;
import dev.berth.blob.s3.S3Settings;
import dev.berth.common.Hashing;
import dev.berth.common.Json;
import dev.berth.model.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Part;

/** What only the S3 store does: parts, tails, tokens that move between nodes, presigned URLs. */
class S3BlobStoreSessionTest {
  static final int MIB = 1 << 20;
  static final S3TestServer SERVER = S3TestServer.get();
  String bucket = "";
  S3Settings settings = SERVER.settings("x");
  S3BlobStore store = new S3BlobStore(settings);
  final S3Client admin = SERVER.admin();

  @BeforeEach
  void setUp() {
    store.close();
    bucket = SERVER.newBucket();
    settings = SERVER.settings(bucket);
    store = new S3BlobStore(settings);
  }

  @AfterEach
  void tearDown() {
    assertThat(store.stagingKeys()).as("staging left behind").isEmpty();
    assertThat(admin.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    store.close();
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Digest digestOf(byte[] b) {
    return Digest.sha256(Hashing.sha256().digest(b));
  }

  static byte[] read(BlobContent content) throws IOException {
    try (content;
        InputStream in = content.stream()) {
      return in.readAllBytes();
    }
  }

  static String uploadId(Staged s) throws IOException {
    return Json.mapper().readTree(s.token()).get("u").asText();
  }

  List<Part> parts(Staged s) throws IOException {
    String id = uploadId(s);
    return admin
        .listParts(r -> r.bucket(bucket).key("uploads/" + s.key() + "/data").uploadId(id))
        .parts();
  }

  @Test
  void chunksAcrossParts_giveFullPartsButTheLast_andExactBytes() throws IOException {
    byte[] content = bytes(3 * MIB + 4 * MIB + 6 * MIB + 1, 1);
    Staged s = store.begin("m1");
    int at = 0;
    for (int n : new int[] {3 * MIB, 4 * MIB, 6 * MIB, 1}) {
      s = store.append(s, new ByteArrayInputStream(content, at, n));
      at += n;
      assertThat(s.length()).isEqualTo(at);
    }
    List<Part> parts = parts(s);
    assertThat(parts).hasSize(2);
    assertThat(parts).allSatisfy(p -> assertThat(p.size()).isEqualTo(5L * MIB));
    Digest d = digestOf(content);
    store.commit(s, d);
    assertThat(store.size(d)).contains((long) content.length);
    assertThat(read(store.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
    assertThat(read(store.open(d, 5 * MIB - 10, 20).orElseThrow()))
        .isEqualTo(Arrays.copyOfRange(content, 5 * MIB - 10, 5 * MIB + 10));
  }

  @Test
  void aSession_continuesOnAnotherNode_fromThePersistedState() throws IOException {
    byte[] content = bytes(7 * MIB + 123, 2);
    Staged s = store.append(store.begin("n1"), new ByteArrayInputStream(content, 0, 6 * MIB));
    Staged persisted = new Staged(s.key(), s.length(), s.token());
    try (S3BlobStore other = new S3BlobStore(settings)) {
      Staged t =
          other.append(
              persisted, new ByteArrayInputStream(content, 6 * MIB, content.length - 6 * MIB));
      Digest d = digestOf(content);
      other.commit(t, d);
      assertThat(read(store.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
    }
  }

  @Test
  void anAppendRetriedFromAnOlderState_overwritesTheUnrecordedParts() throws IOException {
    byte[] first = bytes(6 * MIB, 3);
    byte[] unrecorded = bytes(6 * MIB, 4);
    byte[] retried = bytes(2 * MIB, 5);
    Staged recorded = store.append(store.begin("r1"), new ByteArrayInputStream(first));
    store.append(recorded, new ByteArrayInputStream(unrecorded));
    Staged last = store.append(recorded, new ByteArrayInputStream(retried));
    byte[] expected = BlobStoreContract.concat(first, retried);
    assertThat(last.length()).isEqualTo(expected.length);
    Digest d = digestOf(expected);
    store.commit(last, d);
    assertThat(read(store.open(d, 0, expected.length).orElseThrow())).isEqualTo(expected);
  }

  @Test
  void discard_abortsTheMultipartUpload_andRemovesEveryStagingObject() throws IOException {
    Staged s = store.append(store.begin("d1"), new ByteArrayInputStream(bytes(6 * MIB, 6)));
    assertThat(parts(s)).hasSize(1);
    assertThat(admin.listMultipartUploads(r -> r.bucket(bucket)).uploads()).hasSize(1);
    store.discard("d1");
    assertThat(admin.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    assertThat(admin.listObjectsV2(r -> r.bucket(bucket).prefix("uploads/")).contents()).isEmpty();
  }

  @Test
  void presignedUrl_servesTheBytesWithoutCredentials() throws Exception {
    byte[] content = bytes(100_000, 7);
    Staged s = store.append(store.begin("p1"), new ByteArrayInputStream(content));
    Digest d = digestOf(content);
    store.commit(s, d);
    var uri = store.presign(d, Duration.ofMinutes(5)).orElseThrow();
    assertThat(uri.getHost()).isEqualTo("127.0.0.1");
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(content);
    }
  }

  /** 64 MiB in one append from a stream that is never held whole: parts of 5 MiB go out as read. */
  @Test
  void aMonolithicAppend_streamsThroughParts() throws Exception {
    long total = 64L * MIB;
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    InputStream generated =
        new InputStream() {
          final Random random = new Random(8);
          long served;

          @Override
          public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (served >= total) {
              return -1;
            }
            int n = (int) Math.min(Math.min(len, 64 * 1024), total - served);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            sha.update(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            served += n;
            return n;
          }
        };
    Staged s = store.append(store.begin("big"), generated);
    assertThat(s.length()).isEqualTo(total);
    assertThat(parts(s)).hasSizeGreaterThanOrEqualTo(12);
    Digest d = Digest.sha256(sha.digest());
    store.commit(s, d);
    assertThat(store.size(d)).contains(total);
    MessageDigest back = MessageDigest.getInstance("SHA-256");
    try (BlobContent c = store.open(d, 0, total).orElseThrow();
        InputStream in = c.stream()) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        back.update(buf, 0, n);
      }
    }
    assertThat(Digest.sha256(back.digest())).isEqualTo(d);
  }
}
