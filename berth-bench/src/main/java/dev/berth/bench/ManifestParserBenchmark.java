package dev.berth.bench;

import dev.berth.oci.ManifestParser;
import dev.berth.oci.ParsedManifest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Parsing and validating manifests as a push does: a 5-layer OCI image and a 4-entry index. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ManifestParserBenchmark {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  private final byte[] manifest = manifest(5).getBytes(StandardCharsets.UTF_8);
  private final byte[] index = index(4).getBytes(StandardCharsets.UTF_8);

  static String digest(int i) {
    return "sha256:" + String.format("%064x", i + 1);
  }

  static String manifest(int layers) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"schemaVersion\":2,\"mediaType\":\"")
        .append(OCI_MANIFEST)
        .append("\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",")
        .append("\"digest\":\"")
        .append(digest(1000))
        .append("\",\"size\":1469},\"layers\":[");
    for (int i = 0; i < layers; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
          .append(digest(i))
          .append("\",\"size\":")
          .append(100_000_000 + i)
          .append('}');
    }
    return sb.append("],\"annotations\":{\"org.opencontainers.image.created\":")
        .append("\"2026-01-01T00:00:00Z\"}}")
        .toString();
  }

  static String index(int entries) {
    String[] arch = {"amd64", "arm64", "ppc64le", "s390x"};
    StringBuilder sb = new StringBuilder();
    sb.append("{\"schemaVersion\":2,\"mediaType\":\"")
        .append(OCI_INDEX)
        .append("\",\"manifests\":[");
    for (int i = 0; i < entries; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"mediaType\":\"")
          .append(OCI_MANIFEST)
          .append("\",\"digest\":\"")
          .append(digest(2000 + i))
          .append("\",\"size\":1234,\"platform\":{\"architecture\":\"")
          .append(arch[i % arch.length])
          .append("\",\"os\":\"linux\"}}");
    }
    return sb.append("]}").toString();
  }

  @Benchmark
  public ParsedManifest ociManifest5Layers() {
    return ManifestParser.parse(OCI_MANIFEST, manifest);
  }

  @Benchmark
  public ParsedManifest ociIndex4Entries() {
    return ManifestParser.parse(OCI_INDEX, index);
  }
}
