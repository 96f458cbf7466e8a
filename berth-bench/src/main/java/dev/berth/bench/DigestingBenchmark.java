package dev.berth.bench;

import dev.berth.common.DigestingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SHA-256 while streaming: a blob read through {@link DigestingInputStream} in 256 KiB reads (as
 * the file blob store copies an upload) against {@link MessageDigest#update} over the same bytes.
 * The difference is the stream's own cost; both are bounded by the SHA-256 compression function.
 * Time per blob; MB/s = size / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DigestingBenchmark {
  /** Blob size in bytes: 1 KiB, 1 MiB, 64 MiB. */
  @Param({"1024", "1048576", "67108864"})
  public int size;

  private byte[] blob;
  private final byte[] buffer = new byte[256 * 1024];

  @Setup
  public void setUp() {
    blob = new byte[size];
    new SplittableRandom(7).nextBytes(blob);
  }

  @Benchmark
  public byte[] rawMessageDigest() throws NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (int off = 0; off < blob.length; off += buffer.length) {
      md.update(blob, off, Math.min(buffer.length, blob.length - off));
    }
    return md.digest();
  }

  @Benchmark
  public byte[] digestingInputStream() throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestingInputStream(new ByteArrayInputStream(blob), md)) {
      while (in.readNBytes(buffer, 0, buffer.length) > 0) {
        // the bytes are hashed as they pass
      }
    }
    return md.digest();
  }
}
