package dev.berth.iam;

import java.security.SecureRandom;

/** IAM-style identifiers: a four-letter prefix and upper-case letters and digits. */
final class IamIds {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String SECRET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final SecureRandom RANDOM = new SecureRandom();

  private IamIds() {}

  static String id(String prefix) {
    return prefix + random(ALPHABET, 17);
  }

  static String accessKeyId(String prefix) {
    return prefix + random(ALPHABET, 16);
  }

  static String secret() {
    return random(SECRET, 40);
  }

  static String sessionToken() {
    return "FwoGZXIvYXdzE" + random(SECRET, 200);
  }

  private static String random(String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
