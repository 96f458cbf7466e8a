package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.app.TestNode;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.Repository;

/** Answers ECR gives, through the AWS SDK: issue 9, item 19. */
class EcrAnswersTest {
  private static final String REPO = "answers/app";
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  @TempDir static Path dir;
  private static TestNode node;
  private static EcrClient ecr;
  private static String account;
  private static String config;
  private static String layer;
  private static final byte[] CONFIG =
      "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] LAYER =
      "layer bytes of the answers test".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(dir);
    ecr = EcrClients.root(node);
    account = node.berth().config().registry().defaultAccount().value();
    ecr.createRepository(r -> r.repositoryName(REPO));
    config = upload(CONFIG);
    layer = upload(LAYER);
  }

  @AfterAll
  static void stop() {
    ecr.close();
    node.close();
  }

  private static String upload(byte[] content) {
    String id = ecr.initiateLayerUpload(r -> r.repositoryName(REPO)).uploadId();
    ecr.uploadLayerPart(
        r ->
            r.repositoryName(REPO)
                .uploadId(id)
                .partFirstByte(0L)
                .partLastByte((long) content.length - 1)
                .layerPartBlob(SdkBytes.fromByteArray(content)));
    String digest = Digest.sha256(Hashing.sha256().digest(content)).toString();
    ecr.completeLayerUpload(r -> r.repositoryName(REPO).uploadId(id).layerDigests(digest));
    return digest;
  }

  /** An OCI image manifest of the uploaded blobs; with a top-level mediaType when asked. */
  private static String manifest(boolean withMediaType, int sizeOfConfig, int sizeOfLayer) {
    return "{\"schemaVersion\":2,"
        + (withMediaType ? "\"mediaType\":\"" + OCI_MANIFEST + "\"," : "")
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
        + config
        + "\",\"size\":"
        + sizeOfConfig
        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\""
        + layer
        + "\",\"size\":"
        + sizeOfLayer
        + "}]}";
  }

  private static String manifest(boolean withMediaType) {
    return manifest(withMediaType, CONFIG.length, LAYER.length);
  }

  @Test
  void putImage_withNeitherManifestNorRequestMediaType_isInvalidParameter() {
    String bare = manifest(false);

    assertThatThrownBy(
            () -> ecr.putImage(r -> r.repositoryName(REPO).imageTag("bare").imageManifest(bare)))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining(
            "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON"
                + " syntax'");
    assertThat(ecr.listImages(r -> r.repositoryName(REPO)).imageIds())
        .noneMatch(i -> "bare".equals(i.imageTag()));

    var declared =
        ecr.putImage(
            r ->
                r.repositoryName(REPO)
                    .imageTag("declared")
                    .imageManifest(bare)
                    .imageManifestMediaType(OCI_MANIFEST));
    var inline =
        ecr.putImage(r -> r.repositoryName(REPO).imageTag("inline").imageManifest(manifest(true)));
    assertThat(declared.image().imageManifestMediaType()).isEqualTo(OCI_MANIFEST);
    assertThat(inline.image().imageManifestMediaType()).isEqualTo(OCI_MANIFEST);
  }

  @Test
  void createRepository_kmsWithoutKey_reportsTheAwsManagedKey() {
    String managed = "arn:aws:kms:us-east-1:" + account + ":alias/aws/ecr";
    Repository created =
        ecr.createRepository(
                r ->
                    r.repositoryName("answers/kms")
                        .encryptionConfiguration(e -> e.encryptionType(EncryptionType.KMS)))
            .repository();
    Repository described =
        ecr.describeRepositories(r -> r.repositoryNames("answers/kms")).repositories().get(0);
    Repository aes = ecr.createRepository(r -> r.repositoryName("answers/aes")).repository();

    assertThat(created.encryptionConfiguration().kmsKey()).isEqualTo(managed);
    assertThat(described.encryptionConfiguration().kmsKey()).isEqualTo(managed);
    assertThat(described.encryptionConfiguration().encryptionType()).isEqualTo(EncryptionType.KMS);
    assertThat(aes.encryptionConfiguration().encryptionType()).isEqualTo(EncryptionType.AES256);
    assertThat(aes.encryptionConfiguration().kmsKey()).isNull();
  }

  @Test
  void describeImages_ofAMissingImage_namesTheImageIdAndRepositoryAsEcrDoes() {
    String digest = "sha256:" + "a".repeat(64);

    assertThatThrownBy(
            () ->
                ecr.describeImages(
                    r ->
                        r.repositoryName(REPO)
                            .imageIds(ImageIdentifier.builder().imageTag("nope").build())))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageStartingWith(
            "The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within"
                + " the repository with name '"
                + REPO
                + "' in the registry with id '"
                + account
                + "'");
    assertThatThrownBy(
            () ->
                ecr.describeImages(
                    r ->
                        r.repositoryName(REPO)
                            .imageIds(ImageIdentifier.builder().imageDigest(digest).build())))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageStartingWith(
            "The image with imageId {imageDigest:'"
                + digest
                + "', imageTag:'null'} does not exist");
  }
}
