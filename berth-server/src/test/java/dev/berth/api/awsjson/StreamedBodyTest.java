package dev.berth.api.awsjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Hashing;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 6: an AWS JSON body is hashed whole as it streams, capped, and its blob member
 * decoded straight into chunks: a 4 MiB UploadLayerPart costs about its own size once, not the 4–5×
 * (body, JSON text, two base64 decodes) it cost when the body was buffered.
 */
class StreamedBodyTest {
  private static final int PART = 4 * 1024 * 1024;

  @Test
  void body_isHashedWhole_blobDecodedAsItStreams_andCostsAboutThePartOnce() throws Exception {
    byte[] part = new byte[PART];
    new Random(3).nextBytes(part);
    byte[] body =
        ("{\"layerPartBlob\":\""
                + Base64.getEncoder().encodeToString(part)
                + "\",\"repositoryName\":\"team/app\",\"partFirstByte\":0}\n  ")
            .getBytes(StandardCharsets.US_ASCII);
    // Warm up (class loading, parser buffers), then measure one read.
    StreamedBody.read(new ByteArrayInputStream(body), body.length, Set.of("layerPartBlob"));
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    StreamedBody read =
        StreamedBody.read(new ByteArrayInputStream(body), body.length, Set.of("layerPartBlob"));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    System.out.printf(
        "UploadLayerPart of %d MiB: %.2f MiB allocated reading its %.2f MiB body%n",
        PART >> 20, allocated / 1048576.0, body.length / 1048576.0);
    assertThat(allocated).isLessThan(PART + PART / 2);
    // For comparison, the steps the route took before: buffer the body (up to the old 32 MiB
    // limit), parse it into a tree, decode the base64 text in the validator and in the operation.
    for (int round = 0; round < 2; round++) { // the second round is warm
      before = threads.getCurrentThreadAllocatedBytes();
      byte[] buffered = new ByteArrayInputStream(body).readNBytes(32 * 1024 * 1024 + 1);
      String text = dev.berth.common.Json.mapper().readTree(buffered).get("layerPartBlob").asText();
      int decoded =
          Base64.getMimeDecoder().decode(text).length + Base64.getMimeDecoder().decode(text).length;
      if (round == 1) {
        System.out.printf(
            "the buffered way: %.2f MiB allocated (%d bytes decoded twice)%n",
            (threads.getCurrentThreadAllocatedBytes() - before) / 1048576.0, decoded / 2);
      }
    }

    assertThat(read.sha256()).isEqualTo(HexFormat.of().formatHex(Hashing.sha256().digest(body)));
    JsonNode json = read.json().get();
    assertThat(json.path("repositoryName").asText()).isEqualTo("team/app");
    StreamedBlob blob = StreamedBlob.of(json.get("layerPartBlob")).orElseThrow();
    assertThat(blob.length()).isEqualTo(PART);
    assertThat(blob.open().readAllBytes()).isEqualTo(part);
  }

  @Test
  void bodyPastTheCap_isRefusedWith413() {
    byte[] body = "{\"a\":\"0123456789\"}".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> StreamedBody.read(new ByteArrayInputStream(body), 10, Set.of()))
        .isInstanceOfSatisfying(AwsFault.class, f -> assertThat(f.error().status()).isEqualTo(413));
    assertThat(StreamedBody.read(new ByteArrayInputStream(body), body.length, Set.of()).sha256())
        .hasSize(64);
  }

  @Test
  void malformedJson_isStillHashedToItsEnd_andItsErrorWaits() {
    byte[] body = "{\"layerPartBlob\":\"AAAA".getBytes(StandardCharsets.US_ASCII);
    StreamedBody read =
        StreamedBody.read(new ByteArrayInputStream(body), 1000, Set.of("layerPartBlob"));
    assertThat(read.sha256()).isEqualTo(HexFormat.of().formatHex(Hashing.sha256().digest(body)));
    assertThatThrownBy(() -> read.json().get())
        .isInstanceOfSatisfying(
            AwsFault.class,
            f ->
                assertThat(f.error().type())
                    .isIn("SerializationException", "InvalidParameterException"));
  }

  @Test
  void emptyBody_isAnEmptyObject() {
    StreamedBody read = StreamedBody.read(new ByteArrayInputStream(new byte[0]), 10, Set.of());
    assertThat(read.json().get().isObject()).isTrue();
    assertThat(read.json().get().size()).isZero();
  }
}
