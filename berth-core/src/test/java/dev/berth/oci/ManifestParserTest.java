package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
  static byte[] fixture(String name) {
    try (InputStream in = ManifestParserTest.class.getResourceAsStream("/manifests/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ErrorKind kindOf(String contentType, String body) {
    try {
      ManifestParser.parse(contentType, body.getBytes(StandardCharsets.UTF_8));
      throw new AssertionError("expected a failure");
    } catch (RegistryException e) {
      return e.kind();
    }
  }

  @Test
  void dockerSchema2_isParsedWithConfigAndLayers() {
    ParsedManifest m = ManifestParser.parse(MediaTypes.DOCKER_MANIFEST, fixture("docker-v2.json"));
    assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(m.config()).isPresent();
    assertThat(m.layers()).hasSize(2);
    assertThat(m.effectiveArtifactType())
        .contains("application/vnd.docker.container.image.v1+json");
  }

  @Test
  void ociIndex_listsPlatforms() {
    ParsedManifest m = ManifestParser.parse(MediaTypes.OCI_INDEX, fixture("oci-index.json"));
    assertThat(m.isIndex()).isTrue();
    assertThat(m.manifests()).hasSize(2);
    assertThat(m.manifests().get(1).platform().orElseThrow().architecture()).isEqualTo("arm64");
  }

  @Test
  void artifact_withSubjectAndArtifactType() {
    ParsedManifest m = ManifestParser.parse(MediaTypes.OCI_MANIFEST, fixture("oci-artifact.json"));
    assertThat(m.artifactType()).contains("application/vnd.example.sbom.v1+json");
    assertThat(m.subject()).isPresent();
    assertThat(m.annotations()).containsEntry("org.example.kind", "sbom");
  }

  @Test
  void mediaType_isTakenFromBodyWhenContentTypeIsGeneric() {
    ParsedManifest m = ManifestParser.parse("application/json", fixture("docker-v2.json"));
    assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
  }

  @Test
  void invalidManifests_areRejectedWithTheRightKind() {
    assertThat(kindOf(MediaTypes.OCI_MANIFEST, "{not json")).isEqualTo(ErrorKind.MANIFEST_INVALID);
    assertThat(kindOf(MediaTypes.OCI_MANIFEST, "[]")).isEqualTo(ErrorKind.MANIFEST_INVALID);
    assertThat(kindOf(MediaTypes.OCI_MANIFEST, "{\"schemaVersion\":3}"))
        .isEqualTo(ErrorKind.MANIFEST_INVALID);
    assertThat(kindOf("application/vnd.unknown+json", "{\"schemaVersion\":2}"))
        .isEqualTo(ErrorKind.UNSUPPORTED_MEDIA_TYPE);
    assertThat(
            kindOf(
                MediaTypes.OCI_MANIFEST,
                "{\"schemaVersion\":2,\"mediaType\":\""
                    + MediaTypes.OCI_INDEX
                    + "\",\"manifests\":[]}"))
        .isEqualTo(ErrorKind.MANIFEST_INVALID);
    assertThat(kindOf(MediaTypes.OCI_MANIFEST, "{\"schemaVersion\":2,\"layers\":[]}"))
        .isEqualTo(ErrorKind.MANIFEST_INVALID);
    assertThat(
            kindOf(
                MediaTypes.OCI_MANIFEST,
                "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:xyz\",\"size\":1},\"layers\":[]}"))
        .isEqualTo(ErrorKind.MANIFEST_INVALID);
    assertThat(
            kindOf(
                MediaTypes.OCI_MANIFEST,
                "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:"
                    + "a".repeat(64)
                    + "\",\"size\":-1},\"layers\":[]}"))
        .isEqualTo(ErrorKind.MANIFEST_INVALID);
    assertThat(kindOf(MediaTypes.DOCKER_SCHEMA1_SIGNED, "{\"schemaVersion\":1}"))
        .isEqualTo(ErrorKind.UNSUPPORTED_MEDIA_TYPE);
    assertThat(kindOf("", "{\"schemaVersion\":2}")).isEqualTo(ErrorKind.MANIFEST_INVALID);
  }

  @Test
  void duplicateKeys_areRejected() {
    assertThatThrownBy(
            () ->
                ManifestParser.parse(
                    MediaTypes.OCI_INDEX,
                    "{\"schemaVersion\":2,\"schemaVersion\":2,\"manifests\":[]}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RegistryException.class);
  }

  @Test
  void emptyConfigWithoutArtifactType_isInvalid() {
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":"
            + "\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},"
            + "\"layers\":[]}";
    assertThat(kindOf(MediaTypes.OCI_MANIFEST, body)).isEqualTo(ErrorKind.MANIFEST_INVALID);
  }
}
