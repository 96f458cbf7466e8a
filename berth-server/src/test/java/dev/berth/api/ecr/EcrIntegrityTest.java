package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.app.TestNode;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;

/** PutImage checks descriptor sizes against the stored blobs (issue 9, item 11). */
class EcrIntegrityTest {
  private static final String REPO = "team/app";

  @TempDir Path dir;
  private TestNode node;
  private EcrClient ecr;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir);
    ecr = EcrClients.root(node);
    ecr.createRepository(r -> r.repositoryName(REPO));
  }

  @AfterEach
  void stop() {
    ecr.close();
    node.close();
  }

  /** Issue 9, item 11: 999,999 bytes claimed for a 53-byte layer is InvalidParameterException. */
  @Test
  void putImage_layerSizeThatLies_isInvalidParameterAndStoresNothing() {
    byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = new byte[53];
    Digest configDigest = upload(config);
    Digest layerDigest = upload(layer);
    String lying = EcrSdkTest.manifest(configDigest, config.length, layerDigest, 999_999);

    assertThatThrownBy(
            () -> ecr.putImage(r -> r.repositoryName(REPO).imageManifest(lying).imageTag("v1")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("size");

    assertThat(ecr.listImages(r -> r.repositoryName(REPO)).imageIds()).isEmpty();
    String honest = EcrSdkTest.manifest(configDigest, config.length, layerDigest, layer.length);
    ecr.putImage(r -> r.repositoryName(REPO).imageManifest(honest).imageTag("v1"));
    assertThat(
            ecr.describeImages(r -> r.repositoryName(REPO))
                .imageDetails()
                .get(0)
                .imageSizeInBytes())
        .isEqualTo(layer.length);
  }

  /** Issue 9, item 11: the config descriptor's size is checked as well. */
  @Test
  void putImage_configSizeThatLies_isInvalidParameter() {
    byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    Digest configDigest = upload(config);
    Digest layerDigest = upload(new byte[] {1, 2, 3});
    String lying = EcrSdkTest.manifest(configDigest, 1, layerDigest, 3);

    assertThatThrownBy(
            () -> ecr.putImage(r -> r.repositoryName(REPO).imageManifest(lying).imageTag("v1")))
        .isInstanceOf(InvalidParameterException.class);
  }

  private Digest upload(byte[] content) {
    String id = ecr.initiateLayerUpload(r -> r.repositoryName(REPO)).uploadId();
    ecr.uploadLayerPart(
        r ->
            r.repositoryName(REPO)
                .uploadId(id)
                .partFirstByte(0L)
                .partLastByte((long) content.length - 1)
                .layerPartBlob(SdkBytes.fromByteArray(content)));
    Digest digest = Digest.sha256(Hashing.sha256().digest(content));
    ecr.completeLayerUpload(
        r -> r.repositoryName(REPO).uploadId(id).layerDigests(digest.toString()));
    return digest;
  }
}
