package dev.berth.api.ui;

import dev.berth.http.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The stylesheet, script and icon under {@code static/}; nothing else is served. */
final class StaticAssets {
  private static final Map<String, String> TYPES =
      Map.of(
          "berth.css", "text/css; charset=utf-8",
          "berth.js", "text/javascript; charset=utf-8",
          "favicon.svg", "image/svg+xml");
  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private StaticAssets() {}

  static void serve(Exchange ex, String name) {
    String type = TYPES.get(name);
    if (type == null || !("GET".equals(ex.method()) || "HEAD".equals(ex.method()))) {
      ex.status(404)
          .send(
              "text/plain; charset=utf-8",
              "not found\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return;
    }
    byte[] bytes = CACHE.computeIfAbsent(name, StaticAssets::load);
    ex.header("Cache-Control", "public, max-age=300")
        .header("X-Content-Type-Options", "nosniff")
        .status(200)
        .send(type, bytes);
  }

  private static byte[] load(String name) {
    try (InputStream in = StaticAssets.class.getResourceAsStream("static/" + name)) {
      if (in == null) {
        throw new IOException("missing ui asset " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
