package dev.berth.auth;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The SigV4 canonical request: method, URI, query, headers, signed header names and payload hash,
 * canonicalized as AWS services other than S3 do (path normalized and encoded a second time).
 */
final class CanonicalRequest {
  private static final Comparator<QueryParameters.Param> BY_NAME_THEN_VALUE =
      Comparator.comparing(QueryParameters.Param::name).thenComparing(QueryParameters.Param::value);

  private CanonicalRequest() {}

  static String of(
      SignedRequest request,
      QueryParameters query,
      List<String> signedHeaders,
      String payloadHash,
      boolean presigned) {
    return request.method()
        + '\n'
        + uri(request.rawPath())
        + '\n'
        + query(query, presigned)
        + '\n'
        + headers(request.headers(), signedHeaders)
        + '\n'
        + String.join(";", signedHeaders)
        + '\n'
        + payloadHash;
  }

  /**
   * The raw path with {@code .}, {@code ..} and empty segments removed (a trailing slash kept),
   * then every character but the unreserved ones and {@code /} percent-encoded again; {@code /}
   * when empty.
   */
  static String uri(String rawPath) {
    String[] segments = rawPath.split("/", -1);
    Deque<String> kept = new ArrayDeque<>();
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        kept.pollLast();
      } else {
        kept.addLast(segment);
      }
    }
    if (kept.isEmpty()) {
      return "/";
    }
    String last = segments[segments.length - 1];
    boolean trailingSlash = last.isEmpty() || last.equals(".") || last.equals("..");
    String normalized = "/" + String.join("/", kept) + (trailingSlash ? "/" : "");
    return UriEncoding.encode(normalized, true);
  }

  /**
   * Each name and value encoded per RFC 3986 and sorted by name then value; a presigned request's
   * own signature is left out, and so are empty names.
   */
  static String query(QueryParameters query, boolean presigned) {
    List<QueryParameters.Param> encoded = new ArrayList<>();
    for (QueryParameters.Param param : query.params()) {
      if (param.name().isEmpty() || (presigned && param.name().equals(PresignedQuery.SIGNATURE))) {
        continue;
      }
      encoded.add(
          new QueryParameters.Param(
              UriEncoding.encode(param.name(), false), UriEncoding.encode(param.value(), false)));
    }
    encoded.sort(BY_NAME_THEN_VALUE);
    StringBuilder out = new StringBuilder();
    for (QueryParameters.Param param : encoded) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(param.name()).append('=').append(param.value());
    }
    return out.toString();
  }

  /** One {@code name:value\n} line per signed header, values trimmed and joined with commas. */
  static String headers(Map<String, List<String>> headers, List<String> signedHeaders) {
    StringBuilder out = new StringBuilder();
    for (String name : signedHeaders) {
      out.append(name).append(':');
      List<String> values = headers.getOrDefault(name, List.of());
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(trimAll(values.get(i)));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Trims the value and collapses each run of whitespace inside it to one space. */
  static String trimAll(String value) {
    StringBuilder out = new StringBuilder(value.length());
    boolean pendingSpace = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isWhitespace(c)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f';
  }
}
