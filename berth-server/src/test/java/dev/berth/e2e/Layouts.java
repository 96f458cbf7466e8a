package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reading OCI image layouts and comparing them, for the end-to-end tests. */
final class Layouts {
  private Layouts() {}

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static Path blobPath(Path layout, String digest) {
    assertThat(digest).startsWith("sha256:");
    return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
  }

  static byte[] blob(Path layout, String digest) {
    try {
      return Files.readAllBytes(blobPath(layout, digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The digests of every file under {@code blobs/sha256}. */
  static Set<String> blobDigests(Path layout) {
    try (Stream<Path> files = Files.list(layout.resolve("blobs").resolve("sha256"))) {
      return files
          .map(f -> "sha256:" + f.getFileName())
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asserts that {@code actual} holds exactly the blobs {@code expected} and that each blob file is
   * byte-identical to the same file in {@code source} and hashes to its name.
   */
  static void assertSameBlobs(Path source, Path actual, List<String> expected) {
    assertThat(blobDigests(actual))
        .as("blobs in %s", actual)
        .containsExactlyInAnyOrderElementsOf(new TreeSet<>(expected));
    for (String digest : expected) {
      byte[] copied = blob(actual, digest);
      assertThat(sha256(copied)).as("digest of copied blob %s", digest).isEqualTo(digest);
      try {
        assertThat(Files.mismatch(blobPath(source, digest), blobPath(actual, digest)))
            .as("first differing byte of blob %s", digest)
            .isEqualTo(-1L);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Parses JSON text. */
  static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(byte[] bytes) {
    try {
      return Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code config} and {@code layers} digests of an image manifest, config first. */
  static List<String> referencedBlobs(byte[] manifest) {
    JsonNode root = json(manifest);
    List<String> digests = new ArrayList<>();
    digests.add(root.path("config").path("digest").asText());
    for (JsonNode layer : root.path("layers")) {
      digests.add(layer.path("digest").asText());
    }
    return digests;
  }

  /** The child manifest digests of an image index, in order. */
  static List<String> indexChildren(byte[] index) {
    List<String> digests = new ArrayList<>();
    for (JsonNode m : json(index).path("manifests")) {
      digests.add(m.path("digest").asText());
    }
    return digests;
  }
}
