package dev.berth.distribution;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** One request a client sends, able to be sent again (its body is made anew each time). */
record Call(
    String method,
    URI uri,
    Map<String, String> headers,
    Supplier<HttpRequest.BodyPublisher> body,
    Duration timeout) {
  Call {
    headers = Map.copyOf(headers);
  }

  static Call of(String method, URI uri) {
    return new Call(
        method, uri, Map.of(), HttpRequest.BodyPublishers::noBody, DistributionClient.TIMEOUT);
  }

  Call header(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return new Call(method, uri, all, body, timeout);
  }

  Call body(Supplier<HttpRequest.BodyPublisher> content, Duration wait) {
    return new Call(method, uri, headers, content, wait);
  }
}
