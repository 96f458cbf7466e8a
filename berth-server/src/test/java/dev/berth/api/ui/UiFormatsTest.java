package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UiFormatsTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void sizes_areHumanWithTheExactCountOnHover() {
    assertThat(Formats.size(0)).isEqualTo("0 B");
    assertThat(Formats.size(1023)).isEqualTo("1023 B");
    assertThat(Formats.size(1536)).isEqualTo("1.50 KiB");
    assertThat(Formats.size(120_627)).isEqualTo("117.8 KiB");
    assertThat(Formats.size(5L * 1024 * 1024 * 1024)).isEqualTo("5.00 GiB");
    assertThat(Formats.exactSize(150_123)).isEqualTo("150,123 bytes");
    assertThat(Formats.exactSize(1)).isEqualTo("1 byte");
  }

  @Test
  void times_areRelativeWithTheExactTimeOnHover() {
    assertThat(Formats.relative(NOW.minusSeconds(10), NOW)).isEqualTo("just now");
    assertThat(Formats.relative(NOW.minusSeconds(60), NOW)).isEqualTo("1 minute ago");
    assertThat(Formats.relative(NOW.minusSeconds(5 * 3600), NOW)).isEqualTo("5 hours ago");
    assertThat(Formats.relative(NOW.minusSeconds(3 * 86400), NOW)).isEqualTo("3 days ago");
    assertThat(Formats.relative(NOW.minusSeconds(400L * 86400), NOW)).isEqualTo("1 year ago");
    assertThat(Formats.relative(NOW.plusSeconds(3600), NOW)).isEqualTo("in 60 minutes");
    assertThat(Formats.exact(NOW)).isEqualTo("2026-01-02 03:04:05 UTC");
    assertThat(Formats.epochSeconds(1.5)).isEqualTo(Instant.ofEpochMilli(1500));
  }

  @Test
  void digests_areShortenedToTwelveHexDigits() {
    assertThat(Formats.shortDigest("sha256:" + "a".repeat(64))).isEqualTo("sha256:aaaaaaaaaaaa");
    assertThat(Formats.shortDigest("odd")).isEqualTo("odd");
  }

  @Test
  void kinds_nameSignaturesSbomsAndIndexes() {
    assertThat(Kinds.of("application/vnd.oci.image.index.v1+json", java.util.Optional.empty()))
        .isEqualTo("Image index");
    assertThat(
            Kinds.of(
                "application/vnd.oci.image.manifest.v1+json",
                java.util.Optional.of("application/spdx+json")))
        .isEqualTo("SBOM");
    assertThat(
            Kinds.of(
                "application/vnd.oci.image.manifest.v1+json",
                java.util.Optional.of("application/vnd.dev.cosign.artifact.sig.v1+json")))
        .isEqualTo("Signature");
    assertThat(
            Kinds.of(
                "application/vnd.oci.image.manifest.v1+json",
                java.util.Optional.of("application/vnd.example.thing")))
        .isEqualTo("Artifact");
    assertThat(
            Kinds.of(
                "application/vnd.oci.image.manifest.v1+json",
                java.util.Optional.of("application/vnd.cncf.notary.signature")))
        .isEqualTo("Signature");
  }
}
