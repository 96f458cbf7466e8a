package dev.berth.publicregistry;

import java.util.Arrays;

/** A repository's logo: its bytes and media type (PNG, JPEG or GIF, by its first bytes). */
public final class Logo {
  private final byte[] bytes;
  private final String mediaType;

  Logo(byte[] bytes, String mediaType) {
    this.bytes = bytes.clone();
    this.mediaType = mediaType;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String mediaType() {
    return mediaType;
  }

  /** The media type of an image in one of the formats a logo may have, from its magic bytes. */
  static java.util.Optional<String> sniff(byte[] b) {
    if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
      return java.util.Optional.of("image/png");
    }
    if (startsWith(b, 0xff, 0xd8, 0xff)) {
      return java.util.Optional.of("image/jpeg");
    }
    if (startsWith(b, 'G', 'I', 'F', '8')) {
      return java.util.Optional.of("image/gif");
    }
    return java.util.Optional.empty();
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Logo l && Arrays.equals(bytes, l.bytes) && mediaType.equals(l.mediaType);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes) * 31 + mediaType.hashCode();
  }
}
