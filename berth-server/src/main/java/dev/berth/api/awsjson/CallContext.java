package dev.berth.api.awsjson;

import dev.berth.auth.Principal;

/**
 * Who is calling and how they reached us.
 *
 * @param host the {@code Host} header the client used (with port), for URLs the response hands out
 * @param secure whether the request came over TLS (so handed-out URLs say {@code https://})
 * @param sourceIp the client's address, for {@code aws:SourceIp} conditions
 * @param operation the operation (or query action) being called, e.g. {@code BatchGetImage}
 */
public record CallContext(
    Principal principal,
    String requestId,
    String host,
    boolean secure,
    String sourceIp,
    String operation) {
  /** A call that came over plain HTTP. */
  public CallContext(
      Principal principal, String requestId, String host, String sourceIp, String operation) {
    this(principal, requestId, host, false, sourceIp, operation);
  }
}
