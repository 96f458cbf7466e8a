package dev.berth.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.S3TestServer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The server-side copy beyond one CopyObject (objects over 5 GiB in production), on S3Proxy with
 * the limits lowered: ranged UploadPartCopy parts, the last one short, give the same bytes and the
 * replaced metadata.
 */
class ServerCopyTest {
  private static final long MIB = 1L << 20;

  @Test
  void aCopyAboveTheSingleCopyLimit_goesInRangedParts_andGivesTheSameBytes() {
    S3TestServer server = S3TestServer.get();
    S3Client s3 = server.admin();
    String bucket = server.newBucket();
    byte[] content = new byte[(int) (12 * MIB) + 7];
    new Random(12).nextBytes(content);
    s3.putObject(r -> r.bucket(bucket).key("src"), RequestBody.fromBytes(content));

    ServerCopy.copy(
        s3,
        bucket,
        "src",
        "dst",
        content.length,
        "STANDARD",
        Map.of("berth-tier", "standard"),
        5 * MIB,
        5 * MIB);

    var copied = s3.getObjectAsBytes(r -> r.bucket(bucket).key("dst"));
    assertThat(copied.asByteArray()).isEqualTo(content);
    assertThat(copied.response().metadata()).containsEntry("berth-tier", "standard");
    assertThat(s3.listMultipartUploads(r -> r.bucket(bucket)).uploads())
        .as("no multipart upload left open")
        .isEmpty();
  }
}
