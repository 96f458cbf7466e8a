package dev.berth.api.ui;

import dev.berth.common.Json;
import dev.berth.testkit.Skopeo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** OCI layouts with a chosen config, and pushes of them with the real skopeo. */
final class UiImages {
  private UiImages() {}

  /**
   * Writes an image of one (empty tar) layer whose config carries the given labels, environment and
   * history command; returns the layer's compressed size.
   */
  static long writeLabelled(
      Path layout, String tag, Map<String, String> labels, List<String> env, String createdBy) {
    try {
      Files.createDirectories(layout.resolve("blobs/sha256"));
      Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      byte[] layer = gzip(new byte[1024]);
      String layerDigest = blob(layout, layer);
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("architecture", "amd64");
      config.put("os", "linux");
      config.put("created", "2024-05-06T07:08:09Z");
      config.put(
          "config",
          Map.of("Env", env, "Labels", labels, "Entrypoint", List.of("/bin/app", "--serve")));
      config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(sha256(new byte[1024]))));
      config.put(
          "history", List.of(Map.of("created", "2024-05-06T07:08:09Z", "created_by", createdBy)));
      byte[] configBytes = Json.write(config);
      String configDigest = blob(layout, configBytes);
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
      manifest.put(
          "config",
          Map.of(
              "mediaType",
              "application/vnd.oci.image.config.v1+json",
              "digest",
              configDigest,
              "size",
              configBytes.length));
      manifest.put(
          "layers",
          List.of(
              Map.of(
                  "mediaType",
                  "application/vnd.oci.image.layer.v1.tar+gzip",
                  "digest",
                  layerDigest,
                  "size",
                  layer.length)));
      byte[] manifestBytes = Json.write(manifest);
      String manifestDigest = blob(layout, manifestBytes);
      Map<String, Object> index =
          Map.of(
              "schemaVersion",
              2,
              "manifests",
              List.of(
                  Map.of(
                      "mediaType",
                      "application/vnd.oci.image.manifest.v1+json",
                      "digest",
                      manifestDigest,
                      "size",
                      manifestBytes.length,
                      "annotations",
                      Map.of("org.opencontainers.image.ref.name", tag))));
      Files.write(layout.resolve("index.json"), Json.write(index));
      return layer.length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sizes of the layers of the layout's image under {@code tag} (an image manifest). */
  static List<Long> layerSizes(Path layout, String tag) throws IOException {
    var index = Json.mapper().readTree(layout.resolve("index.json").toFile());
    for (var m : index.path("manifests")) {
      if (tag.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
        var manifest = Json.mapper().readTree(blobPath(layout, m.path("digest").asText()).toFile());
        List<Long> sizes = new ArrayList<>();
        manifest.path("layers").forEach(l -> sizes.add(l.path("size").asLong()));
        return sizes;
      }
    }
    throw new IllegalArgumentException("no tag " + tag + " in " + layout);
  }

  /**
   * Copies {@code oci:layout:tag} (every platform of an index) to {@code registry/destination} with
   * skopeo, isolated from the machine's containers configuration, logged in as {@code AWS}.
   */
  static void push(
      Path work, Path layout, String tag, String registry, String destination, String token)
      throws IOException {
    Path home = Files.createDirectories(work.resolve("skopeo-home-" + System.nanoTime()));
    Path run = Files.createDirectories(home.resolve("run"));
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
    Path tmp = Files.createDirectories(home.resolve("tmp"));
    Path policy =
        Files.writeString(
            home.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
    Path conf =
        Files.writeString(home.resolve("registries.conf"), "unqualified-search-registries = []\n");
    String auth =
        Base64.getEncoder().encodeToString(("AWS:" + token).getBytes(StandardCharsets.UTF_8));
    Path authFile =
        Files.writeString(
            home.resolve("auth.json"),
            "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", home.toString());
    env.put("XDG_RUNTIME_DIR", run.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    env.put("TMPDIR", tmp.toString());
    env.put("REGISTRY_AUTH_FILE", authFile.toString());
    env.put("CONTAINERS_REGISTRIES_CONF", conf.toString());
    env.put("_CONTAINERS_ROOTLESS_UID", "1000");
    Skopeo.exec(
            Duration.ofSeconds(90),
            env,
            List.of(
                "skopeo",
                "--policy",
                policy.toString(),
                "--registries-conf",
                conf.toString(),
                "--tmpdir",
                tmp.toString(),
                "copy",
                "--quiet",
                "--all",
                "--dest-tls-verify=false",
                "--authfile",
                authFile.toString(),
                "oci:" + layout + ":" + tag,
                "docker://" + registry + "/" + destination))
        .orThrow();
  }

  /**
   * Pushes an SBOM artifact whose subject is {@code subject} (a manifest of {@code size} bytes)
   * through {@code /v2/}: an empty config, one layer, and the manifest; returns its digest.
   */
  static String pushSbom(
      java.net.URI base, String repository, String subject, long size, String authorization)
      throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);
    for (byte[] b : List.of(config, layer)) {
      var upload =
          java.net.http.HttpRequest.newBuilder(
                  base.resolve("/v2/" + repository + "/blobs/uploads/?digest=" + sha256(b)))
              .header("Authorization", authorization)
              .header("Content-Type", "application/octet-stream")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(b))
              .build();
      int status =
          http.send(upload, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 201) {
        throw new IllegalStateException("blob upload answered " + status);
      }
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.put("artifactType", "application/spdx+json");
    manifest.put(
        "config",
        Map.of(
            "mediaType", "application/vnd.oci.empty.v1+json", "digest", sha256(config), "size", 2));
    manifest.put(
        "layers",
        List.of(
            Map.of(
                "mediaType",
                "application/spdx+json",
                "digest",
                sha256(layer),
                "size",
                layer.length)));
    manifest.put(
        "subject",
        Map.of(
            "mediaType",
            "application/vnd.oci.image.manifest.v1+json",
            "digest",
            subject,
            "size",
            size));
    manifest.put("annotations", Map.of("org.opencontainers.image.created", "2024-01-01T00:00:00Z"));
    byte[] bytes = Json.write(manifest);
    String digest = sha256(bytes);
    var put =
        java.net.http.HttpRequest.newBuilder(
                base.resolve("/v2/" + repository + "/manifests/" + digest))
            .header("Authorization", authorization)
            .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    int status = http.send(put, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status != 201) {
      throw new IllegalStateException("manifest put answered " + status);
    }
    return digest;
  }

  private static String blob(Path layout, byte[] bytes) throws IOException {
    String digest = sha256(bytes);
    Files.write(blobPath(layout, digest), bytes);
    return digest;
  }

  static Path blobPath(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
