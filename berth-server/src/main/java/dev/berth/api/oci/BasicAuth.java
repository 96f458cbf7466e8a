package dev.berth.api.oci;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code Authorization: Basic base64(AWS:<token>)}, as {@code docker login -u AWS} sends it. */
final class BasicAuth {
  private BasicAuth() {}

  /** Whether the header value is of the Basic scheme. */
  static boolean isBasic(String value) {
    return value.regionMatches(true, 0, "Basic ", 0, 6);
  }

  /** The token of a Basic header value whose user name is {@code AWS}; else UNAUTHORIZED. */
  static String awsPassword(String value) {
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(ErrorKind.UNAUTHORIZED, "malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0 || !"AWS".equals(decoded.substring(0, colon))) {
      throw new RegistryException(ErrorKind.UNAUTHORIZED, "the user name must be AWS");
    }
    return decoded.substring(colon + 1);
  }
}
