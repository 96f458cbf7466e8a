package dev.berth.api.ui;

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
 * The page templates under {@code templates/} (Mustache; {@code {{x}}} is HTML-escaped, and the
 * only unescaped value is a page body this class rendered itself into the layout).
 */
final class Templates {
  private static final String ROOT = "templates/";

  private final Mustache.Compiler compiler =
      Mustache.compiler()
          .escapeHTML(true)
          .defaultValue("")
          .emptyStringIsFalse(true)
          .zeroIsFalse(true)
          .withLoader(Templates::open);
  private final Map<String, Template> cache = new ConcurrentHashMap<>();

  /** Renders {@code templates/<name>.mustache}. */
  String render(String name, Map<String, Object> model) {
    return cache.computeIfAbsent(name, n -> compiler.compile(open(n))).execute(model);
  }

  private static Reader open(String name) {
    InputStream in = Templates.class.getResourceAsStream(ROOT + name + ".mustache");
    if (in == null) {
      throw new UncheckedIOException(new IOException("no template " + name));
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }
}
