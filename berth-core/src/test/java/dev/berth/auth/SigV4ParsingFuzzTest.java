package dev.berth.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.error.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the SigV4 {@code Authorization} header and presigned-query parsers (issue 9, item 20). The
 * input's lines are: the Authorization header, the X-Amz-Date header, the Date header, and the raw
 * query string (the rest); an absent or empty line means the header is not sent. Every input either
 * parses or fails with a {@link RegistryException}; any other exception fails. In a plain build
 * only the seed corpus in {@code SigV4ParsingFuzzTestInputs/} runs; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SigV4ParsingFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void parse(byte[] input) {
    String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 4);
    Map<String, List<String>> headers = new HashMap<>();
    header(headers, "x-amz-date", lines, 1);
    header(headers, "date", lines, 2);
    try {
      AuthParameters p = AuthorizationHeader.parse(lines[0], headers);
      check(p);
    } catch (RegistryException expected) {
      // the modelled failure
    }
    try {
      QueryParameters query = QueryParameters.parse(lines.length > 3 ? lines[3] : "");
      check(PresignedQuery.parse(query, headers));
    } catch (RegistryException expected) {
      // the modelled failure
    }
  }

  private static void header(
      Map<String, List<String>> headers, String name, String[] lines, int i) {
    if (lines.length > i && !lines[i].isEmpty()) {
      headers.put(name, List.of(lines[i]));
    }
  }

  /** What the verifier relies on after a successful parse. */
  private static void check(AuthParameters p) {
    if (p.amzDate().length() < 8 || p.signedHeaders().isEmpty() || p.signature().isEmpty()) {
      throw new AssertionError("parsed parameters the verifier cannot use: " + p);
    }
  }
}
