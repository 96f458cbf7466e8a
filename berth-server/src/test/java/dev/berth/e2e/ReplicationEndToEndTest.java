package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.testkit.ContainerClients;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: replication with the real aws CLI, skopeo and podman. A multi-arch image and a referrer
 * pushed to us-east-1 of account A reach eu-west-1 of A and us-east-1 of account B (whose registry
 * policy allows A), byte for byte, once DescribeImageReplicationStatus says COMPLETE; a repository
 * the rule's filter leaves out is not replicated; deleting at the source leaves the copies; without
 * B's permission the replication FAILS with PERMISSION_DENIED.
 */
class ReplicationEndToEndTest {
  private static final String A = "000000000000";
  private static final String B = "222222222222";

  @TempDir Path tmp;
  private TestNode node;
  private AwsCli aws;
  private Map<String, String> root;
  private Map<String, String> other;

  @BeforeEach
  void start() throws Exception {
    SkopeoCli.requireInstalled();
    AwsCli.requireInstalled();
    node = TestNode.start(tmp.resolve("node"), Map.of("regions", "eu-west-1"));
    aws = new AwsCli(node, tmp);
    root = aws.root();
    String[] b = node.createAccount(B);
    other = aws.env(b[0], b[1], "");
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private static String allowReplicationFrom(String source, String destination) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\"arn:aws:iam::"
        + source
        + ":root\"},\"Action\":[\"ecr:CreateRepository\",\"ecr:ReplicateImage\"],\"Resource\":"
        + "\"arn:aws:ecr:us-east-1:"
        + destination
        + ":repository/*\"}]}";
  }

  private JsonNode settled(String repository, String imageId) throws Exception {
    return Replications.settled(aws, root, repository, imageId);
  }

  private String token(Map<String, String> env) throws Exception {
    String encoded =
        aws.ok(env, "ecr", "get-authorization-token")
            .path("authorizationData")
            .path(0)
            .path("authorizationToken")
            .asText();
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)
        .substring("AWS:".length());
  }

  @Test
  void multiArchImageAndReferrer_reachAnotherRegionAndAccount_byteForByte() throws Exception {
    aws.ok(root, "ecr", "create-repository", "--repository-name", "team/app");
    aws.ok(root, "ecr", "create-repository", "--repository-name", "other/app");
    aws.ok(other, "ecr", "put-registry-policy", "--policy-text", allowReplicationFrom(A, B));
    JsonNode put =
        aws.ok(
            root,
            "ecr",
            "put-replication-configuration",
            "--replication-configuration",
            Replications.rules("team/", A + "/eu-west-1", B + "/us-east-1"));
    assertThat(put.path("replicationConfiguration").path("rules").path(0).path("destinations"))
        .hasSize(2);
    assertThat(
            aws.ok(root, "ecr", "describe-registry")
                .path("replicationConfiguration")
                .path("rules")
                .path(0)
                .path("repositoryFilters")
                .path(0)
                .path("filter")
                .asText())
        .isEqualTo("team/");

    Path layout = tmp.resolve("layout");
    OciLayoutFixture.Image image =
        OciLayoutFixture.writeMultiArch(
            layout, "v1", List.of("linux/amd64", "linux/arm64"), 2, 30_000, 7);
    SkopeoCli skopeo =
        SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), node.registryToken());
    String source = "docker://" + node.hostPort() + "/team/app:v1";
    skopeo.copy("oci:" + layout + ":v1", source, "--all").orThrow();
    skopeo
        .copy("oci:" + layout + ":v1", "docker://" + node.hostPort() + "/other/app:v1", "--all")
        .orThrow();
    String sourceIndex = skopeo.inspect(source, "--raw").orThrow().stdout();

    // A referrer (an SBOM-like artifact) whose subject is the index, pushed after it.
    RegistryHttp http = new RegistryHttp(node.base(), TestNode.basic(node.registryToken()));
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    String emptyDigest = Replications.sha256(empty);
    http.pushChunked("team/app", emptyDigest, empty, 2);
    String referrer =
        Replications.spdxReferrer(
            emptyDigest,
            image.digest(),
            Files.size(layout.resolve("blobs/sha256/" + image.digest().substring(7))));
    byte[] referrerBytes = referrer.getBytes(StandardCharsets.UTF_8);
    String referrerDigest = Replications.sha256(referrerBytes);
    assertThat(
            http.putManifest(
                    "team/app",
                    referrerDigest,
                    "application/vnd.oci.image.manifest.v1+json",
                    referrerBytes)
                .statusCode())
        .isEqualTo(201);

    JsonNode statuses = settled("team/app", "imageTag=v1");
    assertThat(statuses).hasSize(2);
    for (JsonNode s : statuses) {
      assertThat(s.path("status").asText()).as(s.toString()).isEqualTo("COMPLETE");
    }
    assertThat(statuses.findValuesAsText("region"))
        .containsExactlyInAnyOrder("eu-west-1", "us-east-1");
    assertThat(statuses.findValuesAsText("registryId")).containsExactlyInAnyOrder(A, B);
    for (JsonNode s : settled("team/app", "imageDigest=" + referrerDigest)) {
      assertThat(s.path("status").asText()).isEqualTo("COMPLETE");
    }
    assertThat(
            aws.run(
                    root,
                    "ecr",
                    "describe-image-replication-status",
                    "--repository-name",
                    "other/app",
                    "--image-id",
                    "imageTag=v1")
                .orThrow()
                .stdout())
        .as("the filter leaves other/ out")
        .contains("\"replicationStatuses\": []");

    // Pull the copies with skopeo and podman on their registries' host names.
    String dublin = A + ".dkr.ecr.eu-west-1.localhost:" + node.berth().port();
    String accountB = B + ".dkr.ecr.us-east-1.localhost:" + node.berth().port();
    Path hosts =
        Files.writeString(
            tmp.resolve("hosts"),
            "127.0.0.1 localhost\n127.0.0.1 "
                + dublin.substring(0, dublin.indexOf(':'))
                + "\n127.0.0.1 "
                + accountB.substring(0, accountB.indexOf(':'))
                + "\n");
    ContainerClients clients = ContainerClients.isolatedIn(tmp.resolve("clients")).withHosts(hosts);
    clients.login(dublin, node.registryToken()).orThrow();
    clients.login(accountB, token(other)).orThrow();
    for (String registry : List.of(dublin, accountB)) {
      String copy = "docker://" + registry + "/team/app:v1";
      assertThat(clients.skopeo("inspect", "--raw", "--tls-verify=false", copy).orThrow().stdout())
          .isEqualTo(sourceIndex);
      clients
          .skopeo(
              "copy",
              "--quiet",
              "--all",
              "--src-tls-verify=false",
              copy,
              "oci:" + tmp.resolve("pulled-" + registry.substring(0, 12)) + ":v1")
          .orThrow();
      String referrers =
          clients
              .skopeo(
                  "inspect",
                  "--raw",
                  "--tls-verify=false",
                  "docker://" + registry + "/team/app@" + referrerDigest)
              .orThrow()
              .stdout();
      assertThat(referrers).isEqualTo(referrer);
    }
    clients.podman("pull", "--quiet", "--tls-verify=false", dublin + "/team/app:v1").orThrow();

    // Deleting at the source deletes nothing at the destinations.
    aws.ok(
        root,
        "ecr",
        "batch-delete-image",
        "--repository-name",
        "team/app",
        "--image-ids",
        "imageDigest=" + referrerDigest);
    assertThat(
            aws.ok(
                    other,
                    "ecr",
                    "describe-images",
                    "--repository-name",
                    "team/app",
                    "--image-ids",
                    "imageDigest=" + referrerDigest)
                .path("imageDetails"))
        .hasSize(1);
    assertThat(
            aws.ok(
                    root,
                    "--region",
                    "eu-west-1",
                    "ecr",
                    "describe-images",
                    "--repository-name",
                    "team/app",
                    "--image-ids",
                    "imageTag=v1")
                .path("imageDetails"))
        .hasSize(1);
  }

  @Test
  void withoutTheDestinationsPermission_replicationFails_andBadConfigurationsAreRefused()
      throws Exception {
    JsonNode statuses = Replications.pushWithRuleTo(aws, root, node, tmp, B + "/us-east-1");
    assertThat(statuses.path(0).path("status").asText()).isEqualTo("FAILED");
    assertThat(statuses.path(0).path("failureCode").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(aws.run(other, "ecr", "describe-repositories").orThrow().stdout())
        .doesNotContain("team/app");

    for (String bad :
        List.of(
            Replications.rules("team/", A + "/us-east-1"),
            Replications.rules("team/", A + "/ap-south-1"))) {
      Skopeo.Result refused =
          aws.run(root, "ecr", "put-replication-configuration", "--replication-configuration", bad);
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.stderr()).contains("InvalidParameterException");
    }
  }
}
