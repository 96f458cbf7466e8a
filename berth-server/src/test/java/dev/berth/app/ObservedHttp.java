package dev.berth.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/** Issue 11 tests: plain HTTP to a test node, a /v2 push, the AWS SDK, and a parsed scrape. */
final class ObservedHttp {
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ObservedHttp() {}

  static HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<byte[]> get(URI uri, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static String requestId(HttpResponse<?> r) {
    return r.headers().firstValue("x-amzn-RequestId").orElseThrow();
  }

  static EcrClient ecr(TestNode node, String keyId, String secret) {
    return EcrClient.builder()
        .endpointOverride(node.base())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  static EcrClient rootEcr(TestNode node) {
    return ecr(node, TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a push stored. */
  record Pushed(byte[] config, byte[] layer, byte[] manifest) {
    String layerDigest() {
      return sha256(layer);
    }
  }

  /** Pushes a config, a layer of {@code layerSize} bytes and a manifest tagged {@code tag}. */
  static Pushed push(TestNode node, String repository, String tag, int layerSize) {
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = new byte[layerSize];
    new Random(layerSize).nextBytes(layer);
    upload(node, repository, config);
    upload(node, repository, layer);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + sha256(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\""
                + sha256(layer)
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> put =
        send(
            HttpRequest.newBuilder(node.base().resolve("/v2/" + repository + "/manifests/" + tag))
                .header("Authorization", node.basicAuth())
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
    assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
    return new Pushed(config, layer, manifest);
  }

  /** Opens an upload session and leaves it open; returns its location. */
  static String startUpload(TestNode node, String repository) {
    HttpResponse<byte[]> post =
        send(
            HttpRequest.newBuilder(node.base().resolve("/v2/" + repository + "/blobs/uploads/"))
                .header("Authorization", node.basicAuth())
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(post.statusCode()).as(text(post)).isEqualTo(202);
    return post.headers().firstValue("Location").orElseThrow();
  }

  private static void upload(TestNode node, String repository, byte[] blob) {
    URI location = node.base().resolve(startUpload(node, repository));
    String sep = location.getRawQuery() == null ? "?" : "&";
    HttpResponse<byte[]> put =
        send(
            HttpRequest.newBuilder(URI.create(location + sep + "digest=" + sha256(blob)))
                .header("Authorization", node.basicAuth())
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)));
    assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
  }

  /** One sample of a Prometheus text exposition. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\S+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static List<Sample> parse(String exposition) {
    List<Sample> out = new ArrayList<>();
    for (String line : exposition.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("a sample line: " + line).isTrue();
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return out;
  }

  /** The value of the one sample with this name and these labels (others may exist too). */
  static double value(List<Sample> samples, String name, String... labels) {
    List<Sample> found = new ArrayList<>();
    outer:
    for (Sample s : samples) {
      if (!s.name().equals(name)) {
        continue;
      }
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
          continue outer;
        }
      }
      found.add(s);
    }
    assertThat(found).as(name + " " + List.of(labels)).hasSize(1);
    return found.get(0).value();
  }
}
