package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.ForkedNode;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: replication is durable. A node killed with SIGKILL right after acknowledging a burst of
 * pushes has their replications queued in its database (each in its push's transaction); the
 * restarted node copies every one of them to the other region.
 */
class ReplicationKillTest {
  private static final int IMAGES = 60;
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  @TempDir Path tmp;

  @Test
  void killedWhileReplicating_everyAcknowledgedPushIsReplicatedAfterRestart() throws Exception {
    AwsCli.requireInstalled();
    Path dir = tmp.resolve("node");
    Map<String, String> config = Map.of("regions", "eu-west-1");
    int pending;
    try (ForkedNode first = ForkedNode.start(dir, "384m", config, "team/app")) {
      AwsCli aws = new AwsCli(first.base(), tmp);
      aws.ok(
          aws.root(),
          "ecr",
          "put-replication-configuration",
          "--replication-configuration",
          "{\"rules\":[{\"destinations\":[{\"region\":\"eu-west-1\",\"registryId\":"
              + "\"000000000000\"}]}]}");
      RegistryHttp http = new RegistryHttp(first.base(), first.basicAuth());
      for (int i = 0; i < IMAGES; i++) {
        byte[] configBlob = ("{\"image\":" + i + "}").getBytes(StandardCharsets.UTF_8);
        String configDigest = sha256(configBlob);
        http.pushChunked("team/app", configDigest, configBlob, configBlob.length);
        byte[] manifest =
            ("{\"schemaVersion\":2,\"mediaType\":\""
                    + OCI_MANIFEST
                    + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                    + "\"digest\":\""
                    + configDigest
                    + "\",\"size\":"
                    + configBlob.length
                    + "},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(http.putManifest("team/app", "t" + i, OCI_MANIFEST, manifest).statusCode())
            .isEqualTo(201);
      }
      first.kill();
    }
    try (MetadataStore meta =
        JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("data").resolve("berth.db"))) {
      pending = meta.replication().due(Instant.now().plus(Duration.ofDays(1)), 1000).size();
    }
    System.out.println("replications still in progress at the kill: " + pending + " of " + IMAGES);

    try (ForkedNode second = ForkedNode.start(dir, "384m", config)) {
      AwsCli aws = new AwsCli(second.base(), tmp);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
      int copied = 0;
      while (Instant.now().isBefore(deadline)) {
        JsonNode ids =
            aws.ok(
                    aws.root(),
                    "--region",
                    "eu-west-1",
                    "ecr",
                    "list-images",
                    "--repository-name",
                    "team/app")
                .path("imageIds");
        copied = ids.findValuesAsText("imageTag").size();
        if (copied == IMAGES) {
          break;
        }
        Thread.sleep(500);
      }
      assertThat(copied).as("tagged images in eu-west-1").isEqualTo(IMAGES);
      for (String tag : new String[] {"t0", "t" + (IMAGES - 1)}) {
        JsonNode status =
            aws.ok(
                    aws.root(),
                    "ecr",
                    "describe-image-replication-status",
                    "--repository-name",
                    "team/app",
                    "--image-id",
                    "imageTag=" + tag)
                .path("replicationStatuses")
                .path(0);
        assertThat(status.path("status").asText()).isEqualTo("COMPLETE");
        assertThat(status.path("region").asText()).isEqualTo("eu-west-1");
      }
    }
    try (MetadataStore meta =
        JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("data").resolve("berth.db"))) {
      assertThat(meta.replication().due(Instant.now().plus(Duration.ofDays(1)), 1000)).isEmpty();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
