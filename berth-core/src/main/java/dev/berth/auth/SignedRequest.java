package dev.berth.auth;

import java.util.List;
import java.util.Map;

/**
 * What SigV4 verification needs of an HTTP request, independent of the server library.
 *
 * @param method upper-case HTTP method
 * @param rawPath the path exactly as sent (still percent-encoded)
 * @param rawQuery the query string exactly as sent, without {@code ?}; empty when none
 * @param headers header values by lower-case name, in the order received
 * @param payloadSha256 lower-case hex SHA-256 of the body as received
 */
public record SignedRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> headers,
    String payloadSha256) {}
