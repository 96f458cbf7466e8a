package dev.berth.api.oci;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
    next.ifPresent(
        last ->
            ex.header(
                "Link",
                "<"
                    + path
                    + "?n="
                    + n
                    + "&last="
                    + URLEncoder.encode(last, StandardCharsets.UTF_8)
                    + ">; rel=\"next\""));
  }
}
