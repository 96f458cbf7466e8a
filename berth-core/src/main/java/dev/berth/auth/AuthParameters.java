package dev.berth.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a signature claims, from the Authorization header or a presigned query string.
 *
 * @param signedHeaders lower-case header names, in the order given
 * @param amzDate the signing time in ISO-8601 basic form, as used in the string to sign
 * @param expires how long a presigned request stays valid; empty for the header form
 * @param securityToken the session token the request carries, if any
 */
record AuthParameters(
    CredentialScope credential,
    List<String> signedHeaders,
    String signature,
    String amzDate,
    Instant signedAt,
    Optional<Duration> expires,
    Optional<String> securityToken) {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";

  AuthParameters {
    signedHeaders = List.copyOf(signedHeaders);
  }

  boolean presigned() {
    return expires.isPresent();
  }

  /** Splits a {@code SignedHeaders} value; {@code host} must be among them. */
  static List<String> signedHeaders(String value) {
    List<String> names = new ArrayList<>();
    for (String name : value.split(";", -1)) {
      String trimmed = name.strip().toLowerCase(Locale.ROOT);
      if (!trimmed.isEmpty()) {
        names.add(trimmed);
      }
    }
    if (!names.contains("host")) {
      throw SigV4Errors.hostNotSigned();
    }
    return names;
  }
}
