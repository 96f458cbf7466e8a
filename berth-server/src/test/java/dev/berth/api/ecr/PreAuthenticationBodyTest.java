package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Issue 9, item 6: {@code POST /} checks the headers before it reads a body, caps each body at what
 * its operation allows, and bounds the bytes held for bodies not yet authenticated per client
 * address and in total, refusing the excess unread with AWS's throttling error.
 */
class PreAuthenticationBodyTest {
  private static final int PART = 4 * 1024 * 1024;

  @TempDir Path dir;
  private TestNode node;
  private EcrClient ecr;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir);
    ecr = EcrClients.root(node);
    ecr.createRepository(r -> r.repositoryName("team/app"));
  }

  @AfterEach
  void stop() {
    ecr.close();
    node.close();
  }

  @Test
  void anonymousBody_isRefusedFromItsHeadersWithoutBeingRead() {
    try (RawPost post = RawPost.open("127.0.0.1", node.base().getPort(), 20_000_000, false)) {
      post.send(64 * 1024);
      String answer = post.response();
      assertThat(answer).startsWith("HTTP/1.1 403").contains("MissingAuthenticationTokenException");
    }
  }

  @Test
  void malformedBody_ofABadSignature_getsTheSignatureError() {
    // 18 bytes of '{"layerPartBlob":"' and an unterminated string: not JSON, and not signed.
    try (RawPost post = RawPost.open("127.0.0.1", node.base().getPort(), 18 + 1000, true)) {
      post.send(1000);
      assertThat(post.response())
          .contains("InvalidSignatureException")
          .doesNotContain("SerializationException");
    }
  }

  @Test
  void bodyLargerThanTheOperationAllows_isRefusedFromItsDeclaredLength() {
    // UploadLayerPart's layerPartBlob is at most 20 MiB: 28 MB of base64 and some JSON.
    try (RawPost post = RawPost.open("127.0.0.1", node.base().getPort(), 40_000_000, true)) {
      post.send(64 * 1024);
      assertThat(post.response()).startsWith("HTTP/1.1 413").contains("exceeds the");
    }
  }

  @Test
  void unauthenticatedBytes_areBoundedPerAddressAndInTotal_signedClientsKeepWorking() {
    int port = node.base().getPort();
    // Known key, wrong signature: passes the header check, so its body is held until it ends.
    // Each holds 20 MB of the budget (32 MiB per address, 64 MiB in total) and stalls.
    try (RawPost a = RawPost.open("127.0.0.2", port, 20_000_000, true);
        RawPost b = RawPost.open("127.0.0.3", port, 20_000_000, true);
        RawPost c = RawPost.open("127.0.0.4", port, 20_000_000, true)) {
      a.send(1024);
      b.send(1024);
      c.send(1024);
      awaitHeld(60_000_000);
      try (RawPost sameAddress = RawPost.open("127.0.0.2", port, 20_000_000, true)) {
        sameAddress.send(64 * 1024);
        assertThat(sameAddress.response())
            .as("a second body from 127.0.0.2 passes its address's 32 MiB")
            .startsWith("HTTP/1.1 429")
            .contains("ThrottlingException");
      }
      try (RawPost fifth = RawPost.open("127.0.0.5", port, 20_000_000, true)) {
        fifth.send(64 * 1024);
        assertThat(fifth.response())
            .as("80 MB would pass the 64 MiB total")
            .startsWith("HTTP/1.1 429")
            .contains("ThrottlingException");
      }
      // A signed 4 MiB part (5.6 MB of body) still fits and succeeds.
      assertThat(uploadPart()).isEqualTo(PART - 1);
    }
  }

  private void awaitHeld(long bytes) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    var budget = node.berth().preAuthBudget();
    while (budget.held() < bytes && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(budget.held()).isGreaterThanOrEqualTo(bytes);
  }

  private long uploadPart() {
    byte[] part = new byte[PART];
    new Random(7).nextBytes(part);
    String id = ecr.initiateLayerUpload(r -> r.repositoryName("team/app")).uploadId();
    long last =
        ecr.uploadLayerPart(
                r ->
                    r.repositoryName("team/app")
                        .uploadId(id)
                        .partFirstByte(0L)
                        .partLastByte((long) PART - 1)
                        .layerPartBlob(SdkBytes.fromByteArray(part)))
            .lastByteReceived();
    Digest digest = Digest.sha256(Hashing.sha256().digest(part));
    assertThat(
            ecr.completeLayerUpload(
                    r -> r.repositoryName("team/app").uploadId(id).layerDigests(digest.toString()))
                .layerDigest())
        .isEqualTo(digest.toString());
    return last;
  }
}
