package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, beyond ECR: replication to a registry of another Berth deployment, reached over its ECR
 * API and {@code /v2} with an access key from {@code replication-remotes-file}. Deployment A
 * (us-east-1) replicates to deployment B (account 333333333333, us-west-2): a multi-arch image and
 * a referrer arrive byte for byte; blobs and manifests B already has are not sent again (counted in
 * B's access log); a key B's policies do not let push gives PERMISSION_DENIED; an unreachable B
 * leaves the replication IN_PROGRESS, retried, not FAILED.
 */
class ReplicationRemoteEndToEndTest {
  private static final String REMOTE = "333333333333";

  @TempDir Path tmp;
  private TestNode remote;
  private TestNode node;
  private AwsCli aws;
  private Map<String, String> root;
  private Path remoteLog;

  @BeforeEach
  void start() throws Exception {
    SkopeoCli.requireInstalled();
    AwsCli.requireInstalled();
    remoteLog = tmp.resolve("remote-access.jsonl");
    remote =
        TestNode.start(
            tmp.resolve("remote"),
            Map.of(
                "account-id",
                REMOTE,
                "region",
                "us-west-2",
                "regions",
                "us-west-2,ap-south-1",
                "access-log",
                remoteLog.toString(),
                "access-log-format",
                "json"));
    AwsCli remoteAws = new AwsCli(remote, tmp);
    // A user of B without any permission: the second remote registry's key.
    remoteAws.ok(remoteAws.root(), "iam", "create-user", "--user-name", "nobody");
    JsonNode key =
        remoteAws
            .ok(remoteAws.root(), "iam", "create-access-key", "--user-name", "nobody")
            .path("AccessKey");
    Path remotes =
        Files.writeString(
            tmp.resolve("remotes.yaml"),
            "remotes:\n"
                + remoteEntry(
                    "us-west-2", TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY)
                + remoteEntry(
                    "ap-south-1",
                    key.path("AccessKeyId").asText(),
                    key.path("SecretAccessKey").asText()));
    node =
        TestNode.start(tmp.resolve("node"), Map.of("replication-remotes-file", remotes.toString()));
    aws = new AwsCli(node, tmp);
    root = aws.root();
  }

  private String remoteEntry(String region, String keyId, String secret) {
    return "  - registry-id: \""
        + REMOTE
        + "\"\n    region: "
        + region
        + "\n    endpoint: "
        + remote.base()
        + "\n    access-key-id: "
        + keyId
        + "\n    secret-access-key: \""
        + secret
        + "\"\n";
  }

  @AfterEach
  void stop() {
    node.close();
    remote.close();
  }

  @Test
  void imagesReachAnotherDeployment_byteForByte_sendingOnlyWhatItLacks() throws Exception {
    aws.ok(root, "ecr", "create-repository", "--repository-name", "team/app");
    aws.ok(
        root,
        "ecr",
        "put-replication-configuration",
        "--replication-configuration",
        Replications.rules("team/", REMOTE + "/us-west-2"));
    Path layout = tmp.resolve("layout");
    OciLayoutFixture.Image image =
        OciLayoutFixture.writeMultiArch(
            layout, "v1", List.of("linux/amd64", "linux/arm64"), 2, 30_000, 7);
    SkopeoCli skopeo =
        SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), node.registryToken());
    String source = "docker://" + node.hostPort() + "/team/app:v1";
    skopeo.copy("oci:" + layout + ":v1", source, "--all").orThrow();
    String sourceIndex = skopeo.inspect(source, "--raw").orThrow().stdout();
    RegistryHttp http = new RegistryHttp(node.base(), TestNode.basic(node.registryToken()));
    byte[] empty = Replications.utf8("{}");
    String emptyDigest = Replications.sha256(empty);
    http.pushChunked("team/app", emptyDigest, empty, 2);
    String referrer =
        Replications.spdxReferrer(
            emptyDigest,
            image.digest(),
            Files.size(layout.resolve("blobs/sha256/" + image.digest().substring(7))));
    String referrerDigest = Replications.sha256(Replications.utf8(referrer));
    assertThat(
            http.putManifest(
                    "team/app",
                    referrerDigest,
                    OciLayoutFixture.MANIFEST_MEDIA_TYPE,
                    Replications.utf8(referrer))
                .statusCode())
        .isEqualTo(201);

    for (String id : List.of("imageTag=v1", "imageDigest=" + referrerDigest)) {
      JsonNode statuses = Replications.settled(aws, root, "team/app", id);
      assertThat(statuses).hasSize(1);
      assertThat(statuses.path(0).path("status").asText())
          .as(statuses.toString())
          .isEqualTo("COMPLETE");
      assertThat(statuses.path(0).path("region").asText()).isEqualTo("us-west-2");
      assertThat(statuses.path(0).path("registryId").asText()).isEqualTo(REMOTE);
    }

    // At B: the repository was created, the index and the referrer are byte-identical, and the
    // whole image pulls.
    AwsCli remoteAws = new AwsCli(remote, tmp);
    assertThat(
            remoteAws
                .ok(remoteAws.root(), "--region", "us-west-2", "ecr", "describe-repositories")
                .findValuesAsText("repositoryName"))
        .contains("team/app");
    SkopeoCli atRemote =
        SkopeoCli.isolatedIn(
            tmp.resolve("skopeo-remote"), remote.hostPort(), remote.registryToken());
    String copy = "docker://" + remote.hostPort() + "/team/app:v1";
    assertThat(atRemote.inspect(copy, "--raw").orThrow().stdout()).isEqualTo(sourceIndex);
    assertThat(
            atRemote
                .inspect("docker://" + remote.hostPort() + "/team/app@" + referrerDigest, "--raw")
                .orThrow()
                .stdout())
        .isEqualTo(referrer);
    atRemote.copy(copy, "oci:" + tmp.resolve("pulled") + ":v1", "--all").orThrow();

    // The same index under another tag sends no blob and no manifest, only the tag; an image
    // sharing two layers with one already there sends its config and its one new layer.
    long uploadsBefore = uploads();
    skopeo
        .copy("oci:" + layout + ":v1", "docker://" + node.hostPort() + "/team/app:again", "--all")
        .orThrow();
    assertThat(
            Replications.settled(aws, root, "team/app", "imageTag=again")
                .path(0)
                .path("status")
                .asText())
        .isEqualTo("COMPLETE");
    assertThat(uploads()).isEqualTo(uploadsBefore);
    assertThat(
            atRemote
                .inspect("docker://" + remote.hostPort() + "/team/app:again", "--raw")
                .orThrow()
                .stdout())
        .isEqualTo(sourceIndex);
    Path single = tmp.resolve("single");
    OciLayoutFixture.writeImage(single, "s1", 2, 20_000, 100);
    OciLayoutFixture.writeImage(tmp.resolve("single2"), "s2", 3, 20_000, 100);
    skopeo.copy("oci:" + single + ":s1", "docker://" + node.hostPort() + "/team/app:s1").orThrow();
    assertThat(
            Replications.settled(aws, root, "team/app", "imageTag=s1")
                .path(0)
                .path("status")
                .asText())
        .isEqualTo("COMPLETE");
    long afterFirst = uploads();
    skopeo
        .copy(
            "oci:" + tmp.resolve("single2") + ":s2", "docker://" + node.hostPort() + "/team/app:s2")
        .orThrow();
    assertThat(
            Replications.settled(aws, root, "team/app", "imageTag=s2")
                .path(0)
                .path("status")
                .asText())
        .isEqualTo("COMPLETE");
    assertThat(uploads() - afterFirst).as("the config and the one new layer").isEqualTo(2);
  }

  @Test
  void aKeyTheRemoteRefuses_failsWithPermissionDenied_andAnUnreachableRemoteIsRetried()
      throws Exception {
    JsonNode statuses = Replications.pushWithRuleTo(aws, root, node, tmp, REMOTE + "/ap-south-1");
    assertThat(statuses.path(0).path("status").asText()).isEqualTo("FAILED");
    assertThat(statuses.path(0).path("failureCode").asText()).isEqualTo("PERMISSION_DENIED");

    // A destination neither served nor configured is refused; a configured one is accepted.
    assertThat(
            aws.run(
                    root,
                    "ecr",
                    "put-replication-configuration",
                    "--replication-configuration",
                    Replications.rules("team/", "444444444444/us-west-2"))
                .stderr())
        .contains("InvalidParameterException");

    aws.ok(
        root,
        "ecr",
        "put-replication-configuration",
        "--replication-configuration",
        Replications.rules("team/", REMOTE + "/us-west-2"));
    remote.close();
    SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), node.registryToken())
        .copy(
            "oci:" + tmp.resolve("layout") + ":v1", "docker://" + node.hostPort() + "/team/app:v2")
        .orThrow();
    node.berth().replicationWorker().orElseThrow().drain();
    JsonNode pending = Replications.statuses(aws, root, "team/app", "imageTag=v2");
    List<String> toWest = new java.util.ArrayList<>();
    for (JsonNode s : pending) {
      if (s.path("region").asText().equals("us-west-2")) {
        toWest.add(s.path("status").asText());
      }
    }
    assertThat(toWest).as(pending.toString()).containsExactly("IN_PROGRESS");
  }

  /** Blob uploads B has been asked to open, from its access log. */
  private long uploads() throws Exception {
    return Files.readAllLines(remoteLog).stream()
        .filter(l -> l.contains("\"POST\"") && l.contains("/blobs/uploads/"))
        .count();
  }
}
