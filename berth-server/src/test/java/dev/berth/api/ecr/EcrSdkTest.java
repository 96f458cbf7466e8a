package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.app.TestNode;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.CompleteLayerUploadResponse;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.InitiateLayerUploadResponse;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.LayerAvailability;
import software.amazon.awssdk.services.ecr.model.LayersNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotEmptyException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;
import software.amazon.awssdk.services.ecr.model.TagStatus;

/** The ECR API driven by the AWS SDK for Java v2 ECR client with an endpoint override. */
class EcrSdkTest {
  @TempDir Path dir;
  private TestNode node;
  private EcrClient ecr;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir);
    ecr = EcrClients.root(node);
  }

  @AfterEach
  void stop() {
    ecr.close();
    node.close();
  }

  @Test
  void repositories_createDescribeListDelete() {
    CreateRepositoryResponse created =
        ecr.createRepository(
            r ->
                r.repositoryName("team/app")
                    .imageTagMutability(ImageTagMutability.IMMUTABLE)
                    .imageScanningConfiguration(s -> s.scanOnPush(true))
                    .tags(Tag.builder().key("team").value("platform").build()));
    Repository repo = created.repository();
    assertThat(repo.repositoryArn())
        .isEqualTo("arn:aws:ecr:us-east-1:000000000000:repository/team/app");
    assertThat(repo.registryId()).isEqualTo("000000000000");
    assertThat(repo.repositoryUri()).isEqualTo(node.hostPort() + "/team/app");
    assertThat(repo.imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
    assertThat(repo.imageScanningConfiguration().scanOnPush()).isTrue();
    assertThat(repo.encryptionConfiguration().encryptionTypeAsString()).isEqualTo("AES256");
    assertThat(repo.createdAt()).isNotNull();
    for (String name : List.of("team/b", "team/c", "other")) {
      ecr.createRepository(r -> r.repositoryName(name));
    }
    List<String> names =
        ecr.describeRepositoriesPaginator(r -> r.maxResults(2)).repositories().stream()
            .map(Repository::repositoryName)
            .toList();
    assertThat(names).containsExactly("other", "team/app", "team/b", "team/c");
    assertThat(
            ecr.describeRepositories(r -> r.repositoryNames("team/b"))
                .repositories()
                .get(0)
                .repositoryName())
        .isEqualTo("team/b");
    assertThat(ecr.listTagsForResource(r -> r.resourceArn(repo.repositoryArn())).tags())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly("team=platform");
    ecr.tagResource(
        r ->
            r.resourceArn(repo.repositoryArn())
                .tags(Tag.builder().key("env").value("prod").build()));
    ecr.untagResource(r -> r.resourceArn(repo.repositoryArn()).tagKeys("team"));
    assertThat(ecr.listTagsForResource(r -> r.resourceArn(repo.repositoryArn())).tags())
        .extracting(t -> t.key())
        .containsExactly("env");
    ecr.putImageTagMutability(
        r -> r.repositoryName("team/app").imageTagMutability(ImageTagMutability.MUTABLE));
    assertThat(
            ecr.describeRepositories(r -> r.repositoryNames("team/app"))
                .repositories()
                .get(0)
                .imageTagMutability())
        .isEqualTo(ImageTagMutability.MUTABLE);
    assertThat(ecr.deleteRepository(r -> r.repositoryName("team/b")).repository().repositoryName())
        .isEqualTo("team/b");
    assertThatThrownBy(() -> ecr.describeRepositories(r -> r.repositoryNames("team/b")))
        .isInstanceOf(RepositoryNotFoundException.class)
        .hasMessageContaining(
            "The repository with name 'team/b' does not exist in the registry with id '000000000000'");
    assertThat(ecr.describeRegistry(r -> {}).registryId()).isEqualTo("000000000000");
  }

  @Test
  void repositories_errorsAreTheModelledExceptions() {
    ecr.createRepository(r -> r.repositoryName("team/app"));
    assertThatThrownBy(() -> ecr.createRepository(r -> r.repositoryName("team/app")))
        .isInstanceOf(RepositoryAlreadyExistsException.class);
    assertThatThrownBy(() -> ecr.createRepository(r -> r.repositoryName("Bad Name")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("repositoryName");
    assertThatThrownBy(() -> ecr.createRepository(r -> r.repositoryName("x".repeat(257))))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> ecr.describeRepositories(r -> r.nextToken("not-a-token")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("nextToken");
    assertThatThrownBy(() -> ecr.deleteRepository(r -> r.repositoryName("missing")))
        .isInstanceOf(RepositoryNotFoundException.class);
    assertThat(ecr.describeRepositories(r -> {}).repositories()).hasSize(1);
  }

  @Test
  void layerUploadThroughTheApi_thenPutImage_thenDescribeGetDelete() throws Exception {
    ecr.createRepository(r -> r.repositoryName("team/app"));
    byte[] layer = new byte[3 * 1024 * 1024 + 17];
    new Random(5).nextBytes(layer);
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    Digest layerDigest = uploadInParts(layer, 1024 * 1024);
    Digest configDigest = uploadInParts(config, 1 << 20);
    assertThat(
            ecr.batchCheckLayerAvailability(
                    r ->
                        r.repositoryName("team/app")
                            .layerDigests(
                                layerDigest.toString(), "sha256:" + "0".repeat(64), "bad"))
                .layers())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.layerAvailability()).isEqualTo(LayerAvailability.AVAILABLE);
              assertThat(l.layerSize()).isEqualTo(layer.length);
            });
    String manifest = manifest(configDigest, config.length, layerDigest, layer.length);
    var put =
        ecr.putImage(r -> r.repositoryName("team/app").imageManifest(manifest).imageTag("v1"));
    Digest manifestDigest = sha256(manifest.getBytes(StandardCharsets.UTF_8));
    assertThat(put.image().imageId().imageDigest()).isEqualTo(manifestDigest.toString());
    assertThat(put.image().imageManifestMediaType())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");

    DescribeImagesResponse described = ecr.describeImages(r -> r.repositoryName("team/app"));
    assertThat(described.imageDetails())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.imageTags()).containsExactly("v1");
              assertThat(d.imageSizeInBytes()).isEqualTo(layer.length);
              assertThat(d.imagePushedAt()).isNotNull();
              assertThat(d.artifactMediaType())
                  .isEqualTo("application/vnd.oci.image.config.v1+json");
            });
    BatchGetImageResponse got =
        ecr.batchGetImage(
            r ->
                r.repositoryName("team/app")
                    .imageIds(
                        ImageIdentifier.builder().imageTag("v1").build(),
                        ImageIdentifier.builder().imageTag("nope").build()));
    assertThat(got.images())
        .singleElement()
        .satisfies(i -> assertThat(i.imageManifest()).isEqualTo(manifest));
    assertThat(got.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.failureCodeAsString()).isEqualTo("ImageNotFound"));
    assertThat(
            ecr.listImages(
                    r -> r.repositoryName("team/app").filter(f -> f.tagStatus(TagStatus.TAGGED)))
                .imageIds())
        .extracting(ImageIdentifier::imageTag)
        .containsExactly("v1");
    // pull times are written in the background, a moment after the pull
    java.time.Instant pulled = null;
    for (int i = 0; i < 50 && pulled == null; i++) {
      pulled =
          ecr.describeImages(r -> r.repositoryName("team/app"))
              .imageDetails()
              .get(0)
              .lastRecordedPullTime();
      if (pulled == null) {
        Thread.sleep(100);
      }
    }
    assertThat(pulled).isNotNull();

    assertThatThrownBy(() -> ecr.deleteRepository(r -> r.repositoryName("team/app")))
        .isInstanceOf(RepositoryNotEmptyException.class);
    BatchDeleteImageResponse deleted =
        ecr.batchDeleteImage(
            r ->
                r.repositoryName("team/app")
                    .imageIds(
                        ImageIdentifier.builder().imageTag("v1").build(),
                        ImageIdentifier.builder().imageDigest("sha256:" + "1".repeat(64)).build()));
    assertThat(deleted.imageIds()).extracting(ImageIdentifier::imageTag).containsExactly("v1");
    assertThat(deleted.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.failureCodeAsString()).isEqualTo("ImageNotFound"));
    assertThat(ecr.listImages(r -> r.repositoryName("team/app")).imageIds()).isEmpty();
    ecr.deleteRepository(r -> r.repositoryName("team/app").force(true));
  }

  @Test
  void putImage_enforcesReferencesAndImmutability() {
    ecr.createRepository(
        r -> r.repositoryName("team/app").imageTagMutability(ImageTagMutability.IMMUTABLE));
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    Digest configDigest = uploadInParts(config, 1024);
    String missingLayer =
        manifest(configDigest, 2, sha256("nope".getBytes(StandardCharsets.UTF_8)), 4);
    assertThatThrownBy(
            () ->
                ecr.putImage(
                    r -> r.repositoryName("team/app").imageManifest(missingLayer).imageTag("v1")))
        .isInstanceOf(LayersNotFoundException.class);
    Digest layer = uploadInParts(new byte[] {1, 2, 3}, 1024);
    String m1 = manifest(configDigest, 2, layer, 3);
    ecr.putImage(r -> r.repositoryName("team/app").imageManifest(m1).imageTag("v1"));
    String m2 =
        m1.replace("\"schemaVersion\":2", "\"schemaVersion\":2,\"annotations\":{\"x\":\"y\"}");
    assertThatThrownBy(
            () -> ecr.putImage(r -> r.repositoryName("team/app").imageManifest(m2).imageTag("v1")))
        .isInstanceOf(ImageTagAlreadyExistsException.class);
    assertThatThrownBy(
            () -> ecr.putImage(r -> r.repositoryName("team/app").imageManifest(m1).imageTag("v1")))
        .isInstanceOf(EcrException.class)
        .satisfies(
            e ->
                assertThat(((EcrException) e).awsErrorDetails().errorCode())
                    .isEqualTo("ImageAlreadyExistsException"));
  }

  @Test
  void authorizationToken_isTwelveHoursAndLogsIntoTheRegistry() {
    var data = ecr.getAuthorizationToken(r -> {}).authorizationData().get(0);
    String decoded =
        new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
    assertThat(decoded).startsWith("AWS:");
    assertThat(data.expiresAt())
        .isBetween(
            java.time.Instant.now().plusSeconds(11 * 3600),
            java.time.Instant.now().plusSeconds(12 * 3600 + 60));
    assertThat(data.proxyEndpoint()).isEqualTo("http://" + node.hostPort());
  }

  @Test
  void wrongSecretOrUnknownKey_isRejected() {
    try (EcrClient bad =
        EcrClients.client(
            node, TestNode.ROOT_ACCESS_KEY_ID, "wrong-secret-wrong-secret-wrong-secret")) {
      assertThatThrownBy(() -> bad.describeRepositories(r -> {}))
          .isInstanceOf(EcrException.class)
          .satisfies(
              e ->
                  assertThat(((EcrException) e).awsErrorDetails().errorCode())
                      .isEqualTo("InvalidSignatureException"));
    }
    try (EcrClient unknown =
        EcrClients.client(node, "AKIAUNKNOWNUNKNOWN00", "whatever-whatever-whatever")) {
      assertThatThrownBy(() -> unknown.createRepository(r -> r.repositoryName("sneaky")))
          .isInstanceOf(EcrException.class)
          .satisfies(
              e ->
                  assertThat(((EcrException) e).awsErrorDetails().errorCode())
                      .isEqualTo("UnrecognizedClientException"));
    }
    assertThat(ecr.describeRepositories(r -> {}).repositories()).isEmpty();
  }

  private Digest uploadInParts(byte[] content, int partSize) {
    InitiateLayerUploadResponse init = ecr.initiateLayerUpload(r -> r.repositoryName("team/app"));
    for (int first = 0; first < content.length; first += partSize) {
      int last = Math.min(content.length, first + partSize) - 1;
      byte[] part = Arrays.copyOfRange(content, first, last + 1);
      long f = first;
      var resp =
          ecr.uploadLayerPart(
              r ->
                  r.repositoryName("team/app")
                      .uploadId(init.uploadId())
                      .partFirstByte(f)
                      .partLastByte((long) last)
                      .layerPartBlob(SdkBytes.fromByteArray(part)));
      assertThat(resp.lastByteReceived()).isEqualTo(last);
    }
    Digest digest = sha256(content);
    CompleteLayerUploadResponse done =
        ecr.completeLayerUpload(
            r ->
                r.repositoryName("team/app")
                    .uploadId(init.uploadId())
                    .layerDigests(digest.toString()));
    assertThat(done.layerDigest()).isEqualTo(digest.toString());
    return digest;
  }

  static String manifest(Digest config, long configSize, Digest layer, long layerSize) {
    return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
        + config
        + "\",\"size\":"
        + configSize
        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
        + layer
        + "\",\"size\":"
        + layerSize
        + "}]}";
  }

  static Digest sha256(byte[] b) {
    return Digest.sha256(Hashing.sha256().digest(b));
  }
}
