package dev.berth.api.gallery;

import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

/**
 * Markdown of catalog data to HTML that cannot run script: commonmark renders it with raw HTML
 * escaped and unsafe URLs dropped, then jsoup keeps only a safelist of tags and attributes (links
 * to http, https and mailto only, each marked {@code nofollow noopener noreferrer}).
 */
final class Markdown {
  private static final List<org.commonmark.Extension> EXTENSIONS =
      List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).sanitizeUrls(true).build();
  private static final Safelist SAFE =
      Safelist.relaxed()
          .removeTags("img")
          .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer");

  private Markdown() {}

  static String html(String markdown) {
    return Jsoup.clean(RENDERER.render(PARSER.parse(markdown)), SAFE);
  }
}
