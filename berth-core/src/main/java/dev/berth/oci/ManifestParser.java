package dev.berth.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses and validates Docker schema 2 manifests, manifest lists, OCI manifests and OCI indexes.
 * The declared {@code Content-Type} wins; a body {@code mediaType} that contradicts it is invalid.
 */
public final class ManifestParser {
  private ManifestParser() {}

  /**
   * Parses {@code bytes} declared with {@code contentType} (may be empty).
   *
   * @throws RegistryException {@code MANIFEST_INVALID} or {@code UNSUPPORTED_MEDIA_TYPE}
   */
  public static ParsedManifest parse(String contentType, byte[] bytes) {
    ObjectNode root = readObject(bytes);
    JsonNode schema = root.get("schemaVersion");
    String bodyType = text(root, "mediaType").orElse("");
    String declared = MediaTypes.base(contentType);
    if (MediaTypes.DOCKER_SCHEMA1.equals(declared)
        || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(declared)
        || (schema != null && schema.isInt() && schema.intValue() == 1)) {
      throw new RegistryException(
          ErrorKind.UNSUPPORTED_MEDIA_TYPE,
          "Docker image manifest schema 1 is deprecated and not accepted; push schema 2 or OCI");
    }
    String mediaType = resolveMediaType(declared, bodyType, root);
    if (schema == null || !schema.isInt() || schema.intValue() != 2) {
      throw invalid("schemaVersion must be 2");
    }
    Optional<String> artifactType = text(root, "artifactType");
    artifactType.ifPresent(
        t -> {
          if (!MediaTypes.isWellFormed(t)) {
            throw invalid("artifactType is not a valid media type: " + t);
          }
        });
    Optional<Descriptor> subject = optionalDescriptor(root, "subject");
    Map<String, String> annotations = annotations(root, "annotations");
    if (MediaTypes.isIndex(mediaType)) {
      if (root.has("config") || root.has("layers")) {
        throw invalid("an index has no config or layers");
      }
      List<Descriptor> manifests = descriptors(root, "manifests", true);
      return new ParsedManifest(
          mediaType, Optional.empty(), List.of(), manifests, subject, artifactType, annotations);
    }
    if (root.has("manifests")) {
      throw invalid("an image manifest has no manifests array");
    }
    Descriptor config =
        optionalDescriptor(root, "config").orElseThrow(() -> invalid("config is required"));
    boolean docker = MediaTypes.DOCKER_MANIFEST.equals(mediaType);
    List<Descriptor> layers = descriptors(root, "layers", true);
    if (docker && layers.isEmpty()) {
      throw invalid("a Docker image manifest needs at least one layer");
    }
    if (artifactType.isEmpty()
        && MediaTypes.OCI_EMPTY.equals(config.mediaType())
        && MediaTypes.OCI_MANIFEST.equals(mediaType)) {
      throw invalid("artifactType is required when config.mediaType is " + MediaTypes.OCI_EMPTY);
    }
    return new ParsedManifest(
        mediaType, Optional.of(config), layers, List.of(), subject, artifactType, annotations);
  }

  private static String resolveMediaType(String declared, String bodyType, ObjectNode root) {
    boolean generic =
        declared.isEmpty()
            || "application/json".equals(declared)
            || "application/octet-stream".equals(declared);
    if (!generic) {
      if (!MediaTypes.MANIFESTS.contains(declared)) {
        throw new RegistryException(
            ErrorKind.UNSUPPORTED_MEDIA_TYPE,
            "unsupported manifest media type '" + declared + "'",
            Map.of("mediaType", declared));
      }
      if (!bodyType.isEmpty() && !bodyType.equals(declared)) {
        throw invalid(
            "mediaType in manifest ('"
                + bodyType
                + "') does not match Content-Type ('"
                + declared
                + "')");
      }
      return declared;
    }
    if (!bodyType.isEmpty()) {
      if (!MediaTypes.MANIFESTS.contains(bodyType)) {
        throw new RegistryException(
            ErrorKind.UNSUPPORTED_MEDIA_TYPE,
            "unsupported manifest media type '" + bodyType + "'",
            Map.of("mediaType", bodyType));
      }
      return bodyType;
    }
    if (root.has("manifests")) {
      return MediaTypes.OCI_INDEX;
    }
    if (root.has("config")) {
      return MediaTypes.OCI_MANIFEST;
    }
    throw invalid("cannot tell the manifest's media type: no Content-Type and no mediaType field");
  }

  private static ObjectNode readObject(byte[] bytes) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (JsonProcessingException e) {
      throw invalid("manifest is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalid("manifest is not valid JSON");
    }
    if (!(node instanceof ObjectNode obj)) {
      throw invalid("manifest must be a JSON object");
    }
    return obj;
  }

  private static List<Descriptor> descriptors(ObjectNode root, String field, boolean required) {
    JsonNode array = root.get(field);
    if (array == null || array.isNull()) {
      if (required) {
        throw invalid(field + " is required");
      }
      return List.of();
    }
    if (!array.isArray()) {
      throw invalid(field + " must be an array");
    }
    List<Descriptor> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(descriptor(array.get(i), field + "[" + i + "]"));
    }
    return out;
  }

  private static Optional<Descriptor> optionalDescriptor(ObjectNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(descriptor(node, field));
  }

  static Descriptor descriptor(JsonNode node, String where) {
    if (!(node instanceof ObjectNode obj)) {
      throw invalid(where + " must be an object");
    }
    String mediaType =
        text(obj, "mediaType").orElseThrow(() -> invalid(where + ".mediaType is required"));
    if (!MediaTypes.isWellFormed(mediaType)) {
      throw invalid(where + ".mediaType is not a valid media type: " + mediaType);
    }
    String digestText =
        text(obj, "digest").orElseThrow(() -> invalid(where + ".digest is required"));
    Digest digest =
        Digest.parse(digestText)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.MANIFEST_INVALID,
                        where + ".digest is not a supported digest: " + digestText));
    JsonNode size = obj.get("size");
    if (size == null
        || !size.canConvertToLong()
        || !size.isIntegralNumber()
        || size.longValue() < 0) {
      throw invalid(where + ".size must be a non-negative integer");
    }
    Optional<String> artifactType = text(obj, "artifactType");
    Optional<Descriptor.Platform> platform = Optional.empty();
    JsonNode p = obj.get("platform");
    if (p instanceof ObjectNode po) {
      platform =
          Optional.of(
              new Descriptor.Platform(
                  text(po, "os").orElse(""),
                  text(po, "architecture").orElse(""),
                  text(po, "variant")));
    }
    return new Descriptor(
        mediaType,
        digest,
        size.longValue(),
        artifactType,
        annotations(obj, "annotations"),
        platform);
  }

  private static Map<String, String> annotations(ObjectNode obj, String field) {
    JsonNode node = obj.get(field);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw invalid(field + " must be an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw invalid(field + "." + e.getKey() + " must be a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static Optional<String> text(ObjectNode obj, String field) {
    JsonNode node = obj.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw invalid(field + " must be a string");
    }
    return Optional.of(node.textValue());
  }

  private static RegistryException invalid(String message) {
    return new RegistryException(ErrorKind.MANIFEST_INVALID, message);
  }
}
