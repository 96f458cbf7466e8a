package dev.berth.oci;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.error.RegistryException;
import java.util.List;

/**
 * Fuzzes the manifest parser (issue 9, item 20): any bytes under any declared content type either
 * parse or fail with a {@link RegistryException}; every other exception fails the test. In a plain
 * build only the seed corpus in {@code ManifestParserFuzzTestInputs/} runs; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class ManifestParserFuzzTest {
  private static final List<String> CONTENT_TYPES =
      List.of(
          "",
          MediaTypes.DOCKER_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.OCI_INDEX,
          MediaTypes.DOCKER_SCHEMA1,
          "application/json; charset=utf-8",
          "text/plain");

  @FuzzTest(maxDuration = "10m")
  void parse(byte[] body) {
    for (String contentType : CONTENT_TYPES) {
      try {
        ParsedManifest parsed = ManifestParser.parse(contentType, body);
        if (parsed.mediaType().isEmpty()) {
          throw new AssertionError("a parsed manifest has a media type");
        }
      } catch (RegistryException expected) {
        // the modelled failure
      }
    }
  }
}
