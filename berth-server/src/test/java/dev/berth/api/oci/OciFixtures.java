package dev.berth.api.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Blobs and manifests for the conformance tests, with their real sha256 digests. */
final class OciFixtures {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The empty JSON object, the config of artifacts that have none. */
  static final Blob EMPTY_CONFIG = Blob.of("{}");

  private OciFixtures() {}

  /** Bytes and their digest. */
  record Blob(byte[] bytes, String digest) {
    static Blob of(byte[] bytes) {
      return new Blob(bytes, sha256(bytes));
    }

    static Blob of(String text) {
      return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Pseudo-random bytes, the same for the same seed. */
    static Blob random(int size, long seed) {
      byte[] b = new byte[size];
      new Random(seed).nextBytes(b);
      return of(b);
    }

    int size() {
      return bytes.length;
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha512(byte[] bytes) {
    try {
      return "sha512:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode descriptor(String mediaType, Blob blob) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", blob.digest());
    d.put("size", blob.size());
    return d;
  }

  /** An image config that differs per {@code label}, so each image gets its own digest. */
  static Blob config(String label) {
    return Blob.of(
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"l\":\""
            + label
            + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
  }

  static ObjectNode ociImage(Blob config, Blob... layers) {
    return image(OCI_MANIFEST, OCI_CONFIG, config, OCI_LAYER, layers);
  }

  static ObjectNode dockerImage(Blob config, Blob... layers) {
    return image(DOCKER_MANIFEST, DOCKER_CONFIG, config, DOCKER_LAYER, layers);
  }

  /** An OCI artifact: {@code artifactType} and the empty config. */
  static ObjectNode artifact(String artifactType, Blob... layers) {
    ObjectNode m = image(OCI_MANIFEST, OCI_EMPTY, EMPTY_CONFIG, "application/octet-stream", layers);
    m.put("artifactType", artifactType);
    return m;
  }

  private static ObjectNode image(
      String mediaType, String configType, Blob config, String layerType, Blob... layers) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", mediaType);
    m.set("config", descriptor(configType, config));
    ArrayNode l = m.putArray("layers");
    for (Blob layer : layers) {
      l.add(descriptor(layerType, layer));
    }
    return m;
  }

  /** An index of manifests, each given as its media type and bytes. */
  static ObjectNode index(String mediaType, String childType, byte[]... children) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", mediaType);
    ArrayNode list = m.putArray("manifests");
    String[] arch = {"amd64", "arm64", "s390x", "ppc64le"};
    for (int i = 0; i < children.length; i++) {
      ObjectNode d = descriptor(childType, Blob.of(children[i]));
      d.putObject("platform").put("os", "linux").put("architecture", arch[i % arch.length]);
      list.add(d);
    }
    return m;
  }

  /** Points {@code manifest} at {@code subject} (a manifest of the given type and bytes). */
  static ObjectNode withSubject(ObjectNode manifest, String subjectType, byte[] subject) {
    manifest.set("subject", descriptor(subjectType, Blob.of(subject)));
    return manifest;
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
