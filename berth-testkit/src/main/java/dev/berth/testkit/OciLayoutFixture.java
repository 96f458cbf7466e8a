package dev.berth.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.SequencedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Writes deterministic images into an <a
 * href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image
 * layout</a> directory that {@code skopeo copy oci:DIR:TAG ...} accepts.
 *
 * <p>Each layer is a real gzip-compressed ustar archive holding one file of pseudo-random bytes, so
 * the same arguments always produce the same digests. Several tags can share one layout: an
 * existing {@code index.json} is extended (an entry with the same tag is replaced), and blobs that
 * already exist are left untouched. Layout: {@code oci-layout}, {@code index.json}, {@code
 * blobs/sha256/<hex>}.
 */
public final class OciLayoutFixture {

  public static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
  public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  public static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
  static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

  /** Fixed timestamp for tar entries and config history, so output is reproducible. */
  private static final long EPOCH_SECONDS = 946_684_800L;

  private static final String CREATED = "2000-01-01T00:00:00Z";
  private static final Platform DEFAULT_PLATFORM = new Platform("linux", "amd64", "");

  /** Guards read-modify-write of {@code index.json} between threads of one JVM. */
  private static final Object INDEX_LOCK = new Object();

  private OciLayoutFixture() {}

  /**
   * An image written under a tag.
   *
   * @param digest {@code sha256:...} of the top-level manifest (or image index)
   * @param mediaType media type of the top-level manifest (or image index)
   * @param blobDigests every blob written for the image: layers, configs, child manifests and the
   *     top-level manifest itself, in write order
   */
  public record Image(String tag, String digest, String mediaType, List<String> blobDigests) {
    public Image {
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(mediaType, "mediaType");
      blobDigests = List.copyOf(blobDigests);
    }
  }

  /** Writes a linux/amd64 image of {@code layerCount} layers; layer i uses {@code seed + i}. */
  public static Image writeImage(
      Path layoutDir, String tag, int layerCount, int layerBytes, long seed) {
    checkArguments(layoutDir, tag, layerCount, layerBytes);
    SequencedSet<String> blobs = new LinkedHashSet<>();
    try {
      initLayout(layoutDir);
      Descriptor manifest =
          writePlatformImage(layoutDir, DEFAULT_PLATFORM, layerCount, layerBytes, seed, blobs);
      addToIndex(layoutDir, tag, manifest);
      return new Image(tag, manifest.digest(), manifest.mediaType(), List.copyOf(blobs));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes one image per platform ({@code "os/arch"} or {@code "os/arch/variant"}), each with
   * different layer content, and an image index over them that is tagged {@code tag}.
   */
  public static Image writeMultiArch(
      Path layoutDir,
      String tag,
      List<String> platforms,
      int layerCount,
      int layerBytes,
      long seed) {
    checkArguments(layoutDir, tag, layerCount, layerBytes);
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("platforms must not be empty");
    }
    SequencedSet<String> blobs = new LinkedHashSet<>();
    try {
      initLayout(layoutDir);
      List<String> entries = new ArrayList<>();
      for (int p = 0; p < platforms.size(); p++) {
        Platform platform = Platform.parse(platforms.get(p));
        long platformSeed = seed + (p + 1L) * 1_000_003L;
        Descriptor manifest =
            writePlatformImage(layoutDir, platform, layerCount, layerBytes, platformSeed, blobs);
        entries.add(manifest.json(",\"platform\":" + platform.json()));
      }
      Descriptor indexDescriptor =
          writeBlob(layoutDir, INDEX_MEDIA_TYPE, utf8(indexJson(entries)), blobs);
      addToIndex(layoutDir, tag, indexDescriptor);
      return new Image(tag, indexDescriptor.digest(), INDEX_MEDIA_TYPE, List.copyOf(blobs));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkArguments(Path layoutDir, String tag, int layerCount, int layerBytes) {
    Objects.requireNonNull(layoutDir, "layoutDir");
    if (tag.isEmpty()) {
      throw new IllegalArgumentException("tag must not be empty");
    }
    if (layerCount < 0 || layerBytes < 0) {
      throw new IllegalArgumentException(
          "layerCount and layerBytes must be >= 0: " + layerCount + ", " + layerBytes);
    }
  }

  /** Writes layers, config and manifest for one platform; returns the manifest descriptor. */
  private static Descriptor writePlatformImage(
      Path layoutDir,
      Platform platform,
      int layerCount,
      int layerBytes,
      long seed,
      SequencedSet<String> blobs)
      throws IOException {
    List<String> layers = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    List<String> history = new ArrayList<>();
    for (int i = 0; i < layerCount; i++) {
      byte[] content = new byte[layerBytes];
      new Random(seed + i).nextBytes(content);
      byte[] tar = tar("file-" + i + ".bin", content);
      diffIds.add(quote(digest(tar)));
      layers.add(writeBlob(layoutDir, LAYER_MEDIA_TYPE, gzip(tar), blobs).json(""));
      history.add(
          "{\"created\":"
              + quote(CREATED)
              + ",\"created_by\":"
              + quote("berth-testkit: add file-" + i + ".bin")
              + "}");
    }
    String config =
        "{\"created\":"
            + quote(CREATED)
            + platform.jsonMembers()
            + ",\"config\":{\"Env\":["
            + quote("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
            + "],\"Entrypoint\":["
            + quote("/bin/sh")
            + "],\"Labels\":{"
            + quote("dev.berth.testkit.seed")
            + ":"
            + quote(Long.toString(seed))
            + "}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
            + String.join(",", diffIds)
            + "]},\"history\":["
            + String.join(",", history)
            + "]}";
    Descriptor configDescriptor = writeBlob(layoutDir, CONFIG_MEDIA_TYPE, utf8(config), blobs);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":"
            + quote(MANIFEST_MEDIA_TYPE)
            + ",\"config\":"
            + configDescriptor.json("")
            + ",\"layers\":["
            + String.join(",", layers)
            + "]}";
    return writeBlob(layoutDir, MANIFEST_MEDIA_TYPE, utf8(manifest), blobs);
  }

  /** An image index over the given descriptor JSON texts. */
  private static String indexJson(List<String> manifests) {
    return "{\"schemaVersion\":2,\"mediaType\":"
        + quote(INDEX_MEDIA_TYPE)
        + ",\"manifests\":["
        + String.join(",", manifests)
        + "]}";
  }

  /** A content descriptor; {@link #json} renders it with optional extra members. */
  record Descriptor(String mediaType, String digest, long size) {
    String json(String extraMembers) {
      return "{\"mediaType\":"
          + quote(mediaType)
          + ",\"digest\":"
          + quote(digest)
          + ",\"size\":"
          + size
          + extraMembers
          + "}";
    }
  }

  /** An OCI platform; {@code variant} is empty when absent. */
  record Platform(String os, String architecture, String variant) {
    static Platform parse(String text) {
      String[] parts = text.split("/", -1);
      if (parts.length < 2 || parts.length > 3 || List.of(parts).contains("")) {
        throw new IllegalArgumentException("platform must be os/arch[/variant]: " + text);
      }
      return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    String jsonMembers() {
      String members = ",\"architecture\":" + quote(architecture) + ",\"os\":" + quote(os);
      return variant.isEmpty() ? members : members + ",\"variant\":" + quote(variant);
    }

    String json() {
      return "{" + jsonMembers().substring(1) + "}";
    }
  }

  // ---- layout files ----

  private static void initLayout(Path layoutDir) throws IOException {
    Files.createDirectories(layoutDir.resolve("blobs").resolve("sha256"));
    Path marker = layoutDir.resolve("oci-layout");
    if (!Files.exists(marker)) {
      writeAtomically(marker, utf8("{\"imageLayoutVersion\":\"1.0.0\"}"));
    }
  }

  /** Writes {@code content} to {@code blobs/sha256/<hex>} unless present; records its digest. */
  static Descriptor writeBlob(
      Path layoutDir, String mediaType, byte[] content, SequencedSet<String> blobs)
      throws IOException {
    String digest = digest(content);
    Path target = layoutDir.resolve("blobs").resolve("sha256").resolve(digest.substring(7));
    if (!Files.exists(target)) {
      writeAtomically(target, content);
    }
    blobs.add(digest);
    return new Descriptor(mediaType, digest, content.length);
  }

  private static void writeAtomically(Path target, byte[] content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".tmp-", "");
    try {
      Files.write(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  // ---- index.json ----

  private static final Pattern REF_NAME =
      Pattern.compile(
          Pattern.quote(quote(REF_NAME_ANNOTATION)) + "\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\")");

  /**
   * Adds {@code descriptor} under {@code tag} to {@code index.json}, replacing any entry with the
   * same tag. Existing entries and other top-level members are kept byte for byte.
   */
  private static void addToIndex(Path layoutDir, String tag, Descriptor descriptor)
      throws IOException {
    String entry =
        descriptor.json(",\"annotations\":{" + quote(REF_NAME_ANNOTATION) + ":" + quote(tag) + "}");
    Path indexFile = layoutDir.resolve("index.json");
    synchronized (INDEX_LOCK) {
      String index =
          Files.exists(indexFile)
              ? Files.readString(indexFile, StandardCharsets.UTF_8)
              : indexJson(List.of());
      int start = manifestsArrayStart(index);
      int end = matchingClose(index, start);
      List<String> entries = new ArrayList<>();
      for (String existing : splitTopLevel(index.substring(start + 1, end))) {
        Matcher ref = REF_NAME.matcher(existing);
        if (!(ref.find() && ref.group(1).equals(quote(tag)))) {
          entries.add(existing);
        }
      }
      entries.add(entry);
      String updated =
          index.substring(0, start + 1) + String.join(",", entries) + index.substring(end);
      writeAtomically(indexFile, utf8(updated));
    }
  }

  /** Index of the {@code [} opening the top-level {@code "manifests"} array. */
  static int manifestsArrayStart(String json) {
    int depth = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '"') {
        int close = stringEnd(json, i);
        int next = skipWhitespace(json, close + 1);
        if (depth == 1
            && json.substring(i, close + 1).equals("\"manifests\"")
            && next < json.length()
            && json.charAt(next) == ':') {
          int open = skipWhitespace(json, next + 1);
          if (open < json.length() && json.charAt(open) == '[') {
            return open;
          }
          break;
        }
        i = close;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    throw new IllegalStateException("index.json has no top-level \"manifests\" array");
  }

  /** Index of the bracket closing the one at {@code open}. */
  static int matchingClose(String json, int open) {
    int depth = 0;
    for (int i = open; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '"') {
        i = stringEnd(json, i);
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i;
      }
    }
    throw new IllegalStateException("unbalanced JSON in index.json");
  }

  /** Splits the body of a JSON array into its trimmed, non-empty element texts. */
  static List<String> splitTopLevel(String body) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i <= body.length(); i++) {
      char c = i < body.length() ? body.charAt(i) : ',';
      if (c == '"') {
        i = stringEnd(body, i);
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        String part = body.substring(from, i).strip();
        if (!part.isEmpty()) {
          parts.add(part);
        }
        from = i + 1;
      }
    }
    return parts;
  }

  private static int stringEnd(String json, int openQuote) {
    for (int i = openQuote + 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    throw new IllegalStateException("unterminated string in index.json");
  }

  private static int skipWhitespace(String json, int from) {
    int i = from;
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    return i;
  }

  // ---- bytes ----

  /** A ustar archive holding one regular file, followed by the two zero end blocks. */
  static byte[] tar(String name, byte[] content) {
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    if (nameBytes.length > 100) {
      throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
    }
    byte[] header = new byte[512];
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    octal(header, 100, 8, 0644); // mode
    octal(header, 108, 8, 0); // uid
    octal(header, 116, 8, 0); // gid
    octal(header, 124, 12, content.length); // size
    octal(header, 136, 12, EPOCH_SECONDS); // mtime
    header[156] = '0'; // typeflag: regular file
    ascii(header, 257, "ustar\0"); // magic
    ascii(header, 263, "00"); // version
    ascii(header, 265, "root"); // uname
    ascii(header, 297, "root"); // gname
    octal(header, 329, 8, 0); // devmajor
    octal(header, 337, 8, 0); // devminor
    ascii(header, 148, "        "); // checksum is computed with its field as spaces
    long checksum = 0;
    for (byte b : header) {
      checksum += b & 0xff;
    }
    octal(header, 148, 7, checksum); // six digits and NUL; the trailing space stays
    int padding = (512 - content.length % 512) % 512;
    ByteArrayOutputStream out = new ByteArrayOutputStream(512 + content.length + padding + 1024);
    out.writeBytes(header);
    out.writeBytes(content);
    out.writeBytes(new byte[padding + 1024]);
    return out.toByteArray();
  }

  /** Writes {@code value} as zero-padded octal in {@code length - 1} digits plus a NUL. */
  private static void octal(byte[] header, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    if (digits.length() > length - 1) {
      throw new IllegalArgumentException("value too large for tar field: " + value);
    }
    ascii(header, offset, "0".repeat(length - 1 - digits.length()) + digits + "\0");
  }

  private static void ascii(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  static String digest(byte[] data) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(data);
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON string literal for {@code text}. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
