package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.app.TestNode;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ServerException;

/**
 * Issue 9, item 14: a blob store on a full disk. The data directory is a real 2 MiB tmpfs (the test
 * needs root to mount it and is skipped otherwise); the metadata database lives elsewhere. A push
 * larger than the free space gets a clear error naming the cause on OCI (507) and ECR
 * (ServerException), leaves no staged or committed bytes behind, and the node keeps working.
 */
class DiskFullTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TOO_BIG = 3 * 1024 * 1024;

  @TempDir static Path tmp;
  private static Path data;
  private static TestNode node;
  private static boolean mounted;

  @BeforeAll
  static void start() throws Exception {
    data = tmp.resolve("full");
    Files.createDirectories(data);
    mounted = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", data.toString());
    assumeTrue(mounted, "mounting a tmpfs needs root");
    node =
        TestNode.start(
            data, Map.of("database-url", "jdbc:sqlite:" + tmp.resolve("berth.db").toString()));
    node.createRepository("full/app");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (mounted) {
      run("umount", data.toString());
    }
  }

  private static boolean run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Bytes under {@code dir} (staged uploads or committed blobs). */
  private static long bytesUnder(String dir) throws IOException {
    try (Stream<Path> files = Files.walk(data.resolve(dir))) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }

  private static HttpResponse<byte[]> oci(HttpRequest.Builder request) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          request.header("Authorization", node.basicAuth()).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  @Test
  void ociPush_onAFullDisk_answers507NamingTheCauseAndLeavesNothing() throws Exception {
    byte[] blob = random(TOO_BIG, 1);
    String digest = Digest.sha256(Hashing.sha256().digest(blob)).toString();
    URI base = node.base();
    HttpResponse<byte[]> start =
        oci(
            HttpRequest.newBuilder(base.resolve("/v2/full/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    String location = start.headers().firstValue("Location").orElseThrow();

    HttpResponse<byte[]> patch =
        oci(
            HttpRequest.newBuilder(base.resolve(location))
                .header("Content-Type", "application/octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(blob)));

    assertThat(patch.statusCode()).isEqualTo(507);
    JsonNode error = JSON.readTree(patch.body()).path("errors").get(0);
    assertThat(error.path("code").asText()).isEqualTo("UNKNOWN");
    assertThat(error.path("message").asText()).startsWith("insufficient storage");
    assertThat(bytesUnder("uploads")).isZero();
    assertThat(bytesUnder("blobs")).isZero();

    byte[] small = random(100_000, 2);
    String smallDigest = Digest.sha256(Hashing.sha256().digest(small)).toString();
    HttpResponse<byte[]> put =
        oci(
            HttpRequest.newBuilder(
                    base.resolve(
                        location + (location.contains("?") ? "&" : "?") + "digest=" + smallDigest))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(small)));
    assertThat(put.statusCode())
        .as(new String(put.body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(201);
    assertThat(
            oci(HttpRequest.newBuilder(base.resolve("/v2/full/app/blobs/" + digest)).GET())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void ecrUploadLayerPart_onAFullDisk_isAServerExceptionNamingTheCause() throws Exception {
    byte[] part = random(TOO_BIG, 3);
    try (EcrClient ecr = EcrClients.root(node)) {
      String id = ecr.initiateLayerUpload(r -> r.repositoryName("full/app")).uploadId();

      assertThatThrownBy(
              () ->
                  ecr.uploadLayerPart(
                      r ->
                          r.repositoryName("full/app")
                              .uploadId(id)
                              .partFirstByte(0L)
                              .partLastByte((long) part.length - 1)
                              .layerPartBlob(SdkBytes.fromByteArray(part))))
          .isInstanceOf(ServerException.class)
          .hasMessageContaining("insufficient storage: the registry's disk is full");
      assertThat(bytesUnder("uploads")).isZero();

      byte[] small = random(1000, 4);
      var ok =
          ecr.uploadLayerPart(
              r ->
                  r.repositoryName("full/app")
                      .uploadId(id)
                      .partFirstByte(0L)
                      .partLastByte((long) small.length - 1)
                      .layerPartBlob(SdkBytes.fromByteArray(small)));
      assertThat(ok.lastByteReceived()).isEqualTo(small.length - 1L);
    }
  }
}
