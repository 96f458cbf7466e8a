package dev.berth.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}
 * with the request's {@code X-Amz-Date} (or {@code Date}) and {@code X-Amz-Security-Token}.
 */
final class AuthorizationHeader {
  private AuthorizationHeader() {}

  static AuthParameters parse(String header, Map<String, List<String>> headers) {
    String trimmed = header.strip();
    int space = trimmed.indexOf(' ');
    String algorithm = space < 0 ? trimmed : trimmed.substring(0, space);
    if (!AuthParameters.ALGORITHM.equals(algorithm)) {
      throw SigV4Errors.incomplete(
          "Authorization header requires the '"
              + AuthParameters.ALGORITHM
              + "' algorithm, not '"
              + algorithm
              + "'. Authorization="
              + header);
    }
    Map<String, String> params = parameters(trimmed.substring(space < 0 ? 0 : space), header);
    Optional<String> xAmzDate = Headers.first(headers, "x-amz-date");
    Optional<String> httpDate = Headers.first(headers, "date");

    StringBuilder missing = new StringBuilder();
    for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
      if (params.getOrDefault(name, "").isEmpty()) {
        missing.append("Authorization header requires '").append(name).append("' parameter. ");
      }
    }
    if (xAmzDate.isEmpty() && httpDate.isEmpty()) {
      missing.append(
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
    }
    if (missing.length() > 0) {
      throw SigV4Errors.incomplete(missing + "Authorization=" + header);
    }

    Instant signedAt = signedAt(xAmzDate, httpDate);
    return new AuthParameters(
        CredentialScope.parse(params.getOrDefault("Credential", "")),
        AuthParameters.signedHeaders(params.getOrDefault("SignedHeaders", "")),
        params.getOrDefault("Signature", ""),
        AmzDate.format(signedAt),
        signedAt,
        Optional.<Duration>empty(),
        Headers.first(headers, "x-amz-security-token"));
  }

  private static Map<String, String> parameters(String text, String header) {
    Map<String, String> params = new HashMap<>();
    for (String part : text.split(",", -1)) {
      String pair = part.strip();
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw SigV4Errors.incomplete(
            "'"
                + pair
                + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                + header
                + "'.");
      }
      params.putIfAbsent(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return params;
  }

  private static Instant signedAt(Optional<String> xAmzDate, Optional<String> httpDate) {
    if (xAmzDate.isPresent()) {
      String text = xAmzDate.get().strip();
      return AmzDate.parseBasic(text)
          .orElseThrow(
              () ->
                  SigV4Errors.incomplete(
                      "X-Amz-Date must be in ISO-8601 'basic format'. Got '" + text + "'."));
    }
    String text = httpDate.orElseThrow().strip();
    return AmzDate.parseHttp(text)
        .orElseThrow(
            () ->
                SigV4Errors.incomplete(
                    "Date must be in RFC 1123 format (e.g. 'Sun, 30 Aug 2015 12:36:00 GMT'). Got '"
                        + text
                        + "'."));
  }
}
