package dev.berth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/** What the replication end-to-end tests share: rules, a referrer, waiting for statuses. */
final class Replications {
  private Replications() {}

  /** A configuration of one rule for {@code prefix} to {@code account/region} destinations. */
  static String rules(String prefix, String... destinations) {
    StringBuilder d = new StringBuilder();
    for (String dest : destinations) {
      String[] parts = dest.split("/", -1);
      d.append(d.length() == 0 ? "" : ",")
          .append("{\"region\":\"")
          .append(parts[1])
          .append("\",\"registryId\":\"")
          .append(parts[0])
          .append("\"}");
    }
    return "{\"rules\":[{\"destinations\":["
        + d
        + "],\"repositoryFilters\":[{\"filter\":\""
        + prefix
        + "\",\"filterType\":\"PREFIX_MATCH\"}]}]}";
  }

  /**
   * An SBOM-like artifact manifest whose config and layer are the empty blob {@code {}} and whose
   * subject is the given index.
   */
  static String spdxReferrer(String emptyDigest, String subjectDigest, long subjectSize) {
    return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"artifactType\":\"application/spdx+json\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.empty.v1+json\",\"digest\":\""
        + emptyDigest
        + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
        + "\"digest\":\""
        + emptyDigest
        + "\",\"size\":2}],\"subject\":{\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        + "\"digest\":\""
        + subjectDigest
        + "\",\"size\":"
        + subjectSize
        + "}}";
  }

  /**
   * Creates team/app with one rule replicating team/ to {@code destination} ({@code
   * account/region}), pushes a one-layer image as team/app:v1 with skopeo and waits for its
   * replication to settle; returns the statuses.
   */
  static JsonNode pushWithRuleTo(
      AwsCli aws, Map<String, String> root, TestNode node, Path tmp, String destination)
      throws Exception {
    aws.ok(root, "ecr", "create-repository", "--repository-name", "team/app");
    aws.ok(
        root,
        "ecr",
        "put-replication-configuration",
        "--replication-configuration",
        rules("team/", destination));
    Path layout = tmp.resolve("layout");
    OciLayoutFixture.writeImage(layout, "v1", 1, 5_000, 3);
    SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), node.registryToken())
        .copy("oci:" + layout + ":v1", "docker://" + node.hostPort() + "/team/app:v1")
        .orThrow();
    return settled(aws, root, "team/app", "imageTag=v1");
  }

  /** Polls DescribeImageReplicationStatus until no destination is IN_PROGRESS (60 s at most). */
  static JsonNode settled(AwsCli aws, Map<String, String> env, String repository, String imageId)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      JsonNode statuses = statuses(aws, env, repository, imageId);
      boolean inProgress = false;
      for (JsonNode s : statuses) {
        inProgress |= s.path("status").asText().equals("IN_PROGRESS");
      }
      if ((!inProgress && statuses.size() > 0) || Instant.now().isAfter(deadline)) {
        return statuses;
      }
      Thread.sleep(200);
    }
  }

  static JsonNode statuses(AwsCli aws, Map<String, String> env, String repository, String imageId)
      throws Exception {
    return aws.ok(
            env,
            "ecr",
            "describe-image-replication-status",
            "--repository-name",
            repository,
            "--image-id",
            imageId)
        .path("replicationStatuses");
  }

  static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
