package dev.berth.api.gallery;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gallery's templates under {@code templates/} (Mustache, every {@code {{x}}} HTML-escaped; the
 * only unescaped values are Markdown {@link Markdown} cleaned and the page body rendered here).
 */
final class GalleryTemplates {
  private final Mustache.Compiler compiler =
      Mustache.compiler()
          .escapeHTML(true)
          .defaultValue("")
          .emptyStringIsFalse(true)
          .zeroIsFalse(true);
  private final Map<String, Template> cache = new ConcurrentHashMap<>();

  /** The page {@code name} inside the gallery's layout. */
  String page(String name, String title, Map<String, Object> model) {
    String body = render(name, model);
    return render("layout", Map.of("title", title, "body", body));
  }

  private String render(String name, Map<String, Object> model) {
    return cache.computeIfAbsent(name, n -> compiler.compile(open(n))).execute(model);
  }

  private static Reader open(String name) {
    InputStream in = GalleryTemplates.class.getResourceAsStream("templates/" + name + ".mustache");
    if (in == null) {
      throw new UncheckedIOException(new IOException("no gallery template " + name));
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }
}
