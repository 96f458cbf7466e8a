package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import dev.berth.model.Reference;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.testkit.Skopeo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive storage class with the real {@code aws} CLI v1 (issue 10): {@code ecr
 * update-image-storage-class}, {@code describe-images --filter imageStatus=ARCHIVED} in the CLI's
 * shorthand, {@code list-images}, {@code batch-get-image} of the archived image, the restore, and
 * {@code ecr:UpdateImageStorageClass} authorized for an IAM user.
 */
class AwsCliArchiveEndToEndTest {
  private static final String REPO = "cli/archive";
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[%s],"
          + "\"Resource\":\"*\"}]}";

  @TempDir Path tmp;
  private TestNode node;
  private AwsCli cli;
  private String digest;

  @BeforeEach
  void start() throws Exception {
    AwsCli.requireInstalled();
    node =
        TestNode.start(tmp.resolve("node"), Map.of("archive-dir", tmp.resolve("cold").toString()));
    cli = new AwsCli(node, tmp);
    Repository repo = node.createRepository(REPO);
    digest = push(repo).toString();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  /** An image of one config and one layer, pushed through the services. */
  private Digest push(Repository repo) {
    var s = node.berth().services();
    byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = "the one layer of the cli archive test".getBytes(StandardCharsets.UTF_8);
    Digest c = Digest.sha256(Hashing.sha256().digest(config));
    Digest l = Digest.sha256(Hashing.sha256().digest(layer));
    s.uploads().upload(repo, "test", c, new ByteArrayInputStream(config));
    s.uploads().upload(repo, "test", l, new ByteArrayInputStream(layer));
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
            + "\"digest\":\""
            + c
            + "\",\"size\":"
            + config.length
            + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
            + "\"digest\":\""
            + l
            + "\",\"size\":"
            + layer.length
            + "}]}";
    return s.manifests()
        .put(
            repo,
            new Reference.ByTag(new Tag("v1")),
            "application/vnd.oci.image.manifest.v1+json",
            manifest.getBytes(StandardCharsets.UTF_8))
        .digest();
  }

  private JsonNode ok(Map<String, String> env, String... args) {
    return cli.ok(env, args);
  }

  @Test
  void archiveDescribeFilterAndRestore_withTheCli() {
    Map<String, String> root = cli.root();
    JsonNode archived =
        ok(
            root,
            "ecr",
            "update-image-storage-class",
            "--repository-name",
            REPO,
            "--image-id",
            "imageTag=v1",
            "--target-storage-class",
            "ARCHIVE");
    assertThat(archived.path("imageStatus").asText()).isEqualTo("ARCHIVED");
    assertThat(archived.path("imageId").path("imageTag").asText()).isEqualTo("v1");

    JsonNode filtered =
        ok(
            root,
            "ecr",
            "describe-images",
            "--repository-name",
            REPO,
            "--filter",
            "imageStatus=ARCHIVED");
    JsonNode detail = filtered.path("imageDetails").get(0);
    assertThat(detail.path("imageDigest").asText()).isEqualTo(digest);
    assertThat(detail.path("imageStatus").asText()).isEqualTo("ARCHIVED");
    assertThat(detail.path("lastArchivedAt").isMissingNode()).isFalse();
    assertThat(ok(root, "ecr", "describe-images", "--repository-name", REPO).path("imageDetails"))
        .isEmpty();
    assertThat(
            ok(root, "ecr", "list-images", "--repository-name", REPO, "--filter", "imageStatus=ANY")
                .path("imageIds"))
        .hasSize(1);
    JsonNode batch =
        ok(root, "ecr", "batch-get-image", "--repository-name", REPO, "--image-ids", "imageTag=v1");
    assertThat(batch.path("images")).isEmpty();
    assertThat(batch.path("failures").get(0).path("failureCode").asText())
        .isEqualTo("ImageNotFound");

    JsonNode restoring =
        ok(
            root,
            "ecr",
            "update-image-storage-class",
            "--repository-name",
            REPO,
            "--image-id",
            "imageDigest=" + digest,
            "--target-storage-class",
            "STANDARD");
    assertThat(restoring.path("imageStatus").asText()).isEqualTo("ACTIVATING");
    node.berth().services().archive().runPending();
    JsonNode active =
        ok(
                root,
                "ecr",
                "describe-images",
                "--repository-name",
                REPO,
                "--filter",
                "imageStatus=ACTIVE")
            .path("imageDetails")
            .get(0);
    assertThat(active.path("imageStatus").asText()).isEqualTo("ACTIVE");
    assertThat(active.path("lastActivatedAt").isMissingNode()).isFalse();

    Skopeo.Result again =
        cli.run(
            root,
            "ecr",
            "update-image-storage-class",
            "--repository-name",
            REPO,
            "--image-id",
            "imageTag=v1",
            "--target-storage-class",
            "STANDARD");
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.stderr()).contains("ImageStorageClassUpdateNotSupportedException");
  }

  @Test
  void updateImageStorageClass_isAuthorizedAsItsOwnAction() {
    Map<String, String> root = cli.root();
    ok(root, "iam", "create-user", "--user-name", "reader");
    ok(
        root,
        "iam",
        "put-user-policy",
        "--user-name",
        "reader",
        "--policy-name",
        "read",
        "--policy-document",
        String.format(POLICY, "\"ecr:DescribeImages\""));
    JsonNode key = ok(root, "iam", "create-access-key", "--user-name", "reader").path("AccessKey");
    Map<String, String> reader =
        cli.env(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText(), "");
    String[] archive = {
      "ecr",
      "update-image-storage-class",
      "--repository-name",
      REPO,
      "--image-id",
      "imageTag=v1",
      "--target-storage-class",
      "ARCHIVE"
    };

    Skopeo.Result denied = cli.run(reader, archive);
    assertThat(denied.exitCode()).isNotZero();
    assertThat(denied.stderr())
        .contains("AccessDeniedException")
        .contains("ecr:UpdateImageStorageClass");

    ok(
        root,
        "iam",
        "put-user-policy",
        "--user-name",
        "reader",
        "--policy-name",
        "read",
        "--policy-document",
        String.format(POLICY, "\"ecr:DescribeImages\",\"ecr:UpdateImageStorageClass\""));
    assertThat(ok(reader, archive).path("imageStatus").asText()).isEqualTo("ARCHIVED");
  }
}
