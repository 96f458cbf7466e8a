package dev.berth.model;

import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A content digest {@code algorithm:hex}. Only {@code sha256} (64 hex digits) and {@code sha512}
 * (128 hex digits) are accepted, lowercase, so a digest is always safe to use as a path component.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

  public Digest {
    if (!valid(algorithm, hex)) {
      throw new IllegalArgumentException("invalid digest '" + algorithm + ":" + hex + "'");
    }
  }

  /** Parses {@code sha256:<hex>}; empty when the text is not a supported, well-formed digest. */
  public static Optional<Digest> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String algorithm = text.substring(0, colon);
    String hex = text.substring(colon + 1);
    return valid(algorithm, hex) ? Optional.of(new Digest(algorithm, hex)) : Optional.empty();
  }

  /** Parses or throws {@link IllegalArgumentException}. */
  public static Digest of(String text) {
    return parse(text)
        .orElseThrow(() -> new IllegalArgumentException("invalid digest '" + text + "'"));
  }

  public static Digest sha256(byte[] hash) {
    return new Digest("sha256", HexFormat.of().formatHex(hash));
  }

  private static boolean valid(String algorithm, String hex) {
    if (algorithm == null || hex == null) {
      return false;
    }
    return switch (algorithm) {
      case "sha256" -> SHA256.matcher(hex).matches();
      case "sha512" -> SHA512.matcher(hex).matches();
      default -> false;
    };
  }

  /** The JCA algorithm name for this digest's algorithm. */
  public String jcaAlgorithm() {
    return "sha512".equals(algorithm) ? "SHA-512" : "SHA-256";
  }

  @Override
  public int compareTo(Digest o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
