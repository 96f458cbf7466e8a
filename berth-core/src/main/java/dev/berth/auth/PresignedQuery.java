package dev.berth.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses the {@code X-Amz-*} parameters of a presigned request. */
final class PresignedQuery {
  static final String ALGORITHM = "X-Amz-Algorithm";
  static final String SIGNATURE = "X-Amz-Signature";
  static final long MAX_EXPIRES_SECONDS = 604_800;

  private static final String CREDENTIAL = "X-Amz-Credential";
  private static final String DATE = "X-Amz-Date";
  private static final String EXPIRES = "X-Amz-Expires";
  private static final String SIGNED_HEADERS = "X-Amz-SignedHeaders";
  private static final String TOKEN = "X-Amz-Security-Token";

  private PresignedQuery() {}

  static AuthParameters parse(QueryParameters query, Map<String, List<String>> headers) {
    StringBuilder missing = new StringBuilder();
    for (String name : List.of(ALGORITHM, CREDENTIAL, SIGNATURE, SIGNED_HEADERS, DATE, EXPIRES)) {
      if (query.first(name).filter(v -> !v.isEmpty()).isEmpty()) {
        missing.append("AWS query-string parameters must include '").append(name).append("'. ");
      }
    }
    if (missing.length() > 0) {
      throw SigV4Errors.incomplete(missing + "Re-examine the query-string parameters.");
    }
    String algorithm = query.first(ALGORITHM).orElseThrow();
    if (!AuthParameters.ALGORITHM.equals(algorithm)) {
      throw SigV4Errors.incomplete(
          "X-Amz-Algorithm only supports '"
              + AuthParameters.ALGORITHM
              + "', not '"
              + algorithm
              + "'.");
    }
    String amzDate = query.first(DATE).orElseThrow();
    Instant signedAt =
        AmzDate.parseBasic(amzDate)
            .orElseThrow(
                () ->
                    SigV4Errors.incomplete(
                        "X-Amz-Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'."));
    Optional<String> token =
        query.first(TOKEN).or(() -> Headers.first(headers, "x-amz-security-token"));
    return new AuthParameters(
        CredentialScope.parse(query.first(CREDENTIAL).orElseThrow()),
        AuthParameters.signedHeaders(query.first(SIGNED_HEADERS).orElseThrow()),
        query.first(SIGNATURE).orElseThrow(),
        amzDate,
        signedAt,
        Optional.of(expires(query.first(EXPIRES).orElseThrow())),
        token);
  }

  private static Duration expires(String text) {
    long seconds;
    try {
      seconds = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw SigV4Errors.incomplete(
          "X-Amz-Expires should be a number of seconds, not '" + text + "'.");
    }
    if (seconds < 0) {
      throw SigV4Errors.incomplete("X-Amz-Expires must be non-negative");
    }
    if (seconds > MAX_EXPIRES_SECONDS) {
      throw SigV4Errors.incomplete(
          "X-Amz-Expires must be less than a week (in seconds) that is " + MAX_EXPIRES_SECONDS);
    }
    return Duration.ofSeconds(seconds);
  }
}
