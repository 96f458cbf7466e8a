package dev.berth.api.oci;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** {@code n} and {@code last} query parameters, and the {@code Link} header to the next page. */
record Pagination(int n, Optional<String> last) {
  static final int MAX = 1000;

  static Pagination of(Exchange ex) {
    int n = MAX;
    Optional<String> text = ex.query("n");
    if (text.isPresent()) {
      try {
        n = Integer.parseInt(text.get());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0) {
        throw new RegistryException(
            ErrorKind.PAGINATION_INVALID, "invalid number of results requested: " + text.get());
      }
    }
    return new Pagination(Math.min(n, MAX), ex.query("last").filter(s -> !s.isEmpty()));
  }

  /** Sets the {@code Link} header for the page after {@code next}. */
  void link(Exchange ex, String path, Optional<String> next) {
    link(ex, path, Map.of(), next);
  }

  /** Sets the {@code Link} header for the page after {@code next}, keeping {@code params}. */
  void link(Exchange ex, String path, Map<String, String> params, Optional<String> next) {
    next.ifPresent(
        last -> {
          StringBuilder query = new StringBuilder();
          params.forEach((k, v) -> query.append(k).append('=').append(encode(v)).append('&'));
          ex.header(
              "Link",
              "<" + path + "?" + query + "n=" + n + "&last=" + encode(last) + ">; rel=\"next\"");
        });
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
