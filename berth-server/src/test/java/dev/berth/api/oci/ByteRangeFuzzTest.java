package dev.berth.api.oci;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzzes the {@code Range} header parser (issue 9, item 20) against blobs of several sizes: every
 * header is ignored, answers a range inside the blob (which is what the {@code Content-Range} of
 * the reply is built from), or fails with {@code RANGE_NOT_SATISFIABLE}; any other exception, or a
 * range outside the blob, fails. In a plain build only the seed corpus in {@code
 * ByteRangeFuzzTestInputs/} runs; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ByteRangeFuzzTest {
  private static final long[] SIZES = {0, 1, 2, 1000, Integer.MAX_VALUE + 7L, Long.MAX_VALUE};

  @FuzzTest(maxDuration = "10m")
  void parse(byte[] input) {
    String header = new String(input, StandardCharsets.UTF_8);
    for (long size : SIZES) {
      Optional<ByteRange> range;
      try {
        range = ByteRange.parse(header, size);
      } catch (RegistryException e) {
        if (e.kind() != ErrorKind.RANGE_NOT_SATISFIABLE) {
          throw e;
        }
        continue;
      }
      range.ifPresent(
          r -> {
            long last = r.first() + r.length() - 1;
            if (r.first() < 0 || r.length() < 1 || last < r.first() || last >= size) {
              throw new AssertionError(header + " on " + size + " bytes gave " + r);
            }
          });
    }
  }
}
