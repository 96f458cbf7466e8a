package dev.berth.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies of a {@link SignedRequest} with one thing changed. */
final class Tamper {
  private Tamper() {}

  static SignedRequest header(SignedRequest r, String name, String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
    headers.put(name, List.of(value));
    return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.payloadSha256());
  }

  static SignedRequest withoutHeader(SignedRequest r, String name) {
    Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
    headers.remove(name);
    return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.payloadSha256());
  }

  /** Replaces text in the Authorization header (which must contain it). */
  static SignedRequest authorization(SignedRequest r, String from, String to) {
    String header = java.util.Objects.requireNonNull(r.headers().get("authorization")).get(0);
    if (!header.contains(from)) {
      throw new IllegalArgumentException("'" + from + "' not in " + header);
    }
    return header(r, "authorization", header.replace(from, to));
  }

  /** Replaces text in the raw query (which must contain it). */
  static SignedRequest query(SignedRequest r, String from, String to) {
    if (!r.rawQuery().contains(from)) {
      throw new IllegalArgumentException("'" + from + "' not in " + r.rawQuery());
    }
    return new SignedRequest(
        r.method(), r.rawPath(), r.rawQuery().replace(from, to), r.headers(), r.payloadSha256());
  }

  static SignedRequest rawQuery(SignedRequest r, String rawQuery) {
    return new SignedRequest(r.method(), r.rawPath(), rawQuery, r.headers(), r.payloadSha256());
  }

  static SignedRequest path(SignedRequest r, String rawPath) {
    return new SignedRequest(r.method(), rawPath, r.rawQuery(), r.headers(), r.payloadSha256());
  }

  static SignedRequest method(SignedRequest r, String method) {
    return new SignedRequest(method, r.rawPath(), r.rawQuery(), r.headers(), r.payloadSha256());
  }

  static SignedRequest body(SignedRequest r, byte[] body) {
    return new SignedRequest(
        r.method(), r.rawPath(), r.rawQuery(), r.headers(), SdkOracle.sha256Hex(body));
  }
}
