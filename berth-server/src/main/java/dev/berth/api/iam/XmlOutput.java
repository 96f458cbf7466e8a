package dev.berth.api.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.ServiceModel;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;

/**
 * Writes an operation's result as query-protocol XML, member names and list wrapping taken from the
 * output shape. Values are maps (structures), collections (lists), {@link Instant}s (timestamps)
 * and scalars.
 */
final class XmlOutput {
  private final ServiceModel model;

  XmlOutput(ServiceModel model) {
    this.model = model;
  }

  String response(String operation, String namespace, Object result, String requestId) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append('<').append(operation).append("Response xmlns=\"").append(namespace).append("\">");
    JsonNode out = model.operationNode(operation).path("output");
    if (!out.isMissingNode()) {
      String wrapper = out.path("resultWrapper").asText(operation + "Result");
      xml.append('<').append(wrapper).append('>');
      members(out.path("shape").asText(), result, xml);
      xml.append("</").append(wrapper).append('>');
    }
    xml.append("<ResponseMetadata><RequestId>")
        .append(requestId)
        .append("</RequestId></ResponseMetadata></")
        .append(operation)
        .append("Response>");
    return xml.toString();
  }

  private void members(String shapeName, Object value, StringBuilder xml) {
    if (!(value instanceof Map<?, ?> map)) {
      return;
    }
    JsonNode members = model.shape(shapeName).path("members");
    members
        .properties()
        .forEach(
            e -> {
              Object v = map.get(e.getKey());
              if (v != null) {
                element(e.getKey(), e.getValue().path("shape").asText(), v, xml);
              }
            });
  }

  private void element(String name, String shapeName, Object value, StringBuilder xml) {
    JsonNode shape = model.shape(shapeName);
    xml.append('<').append(name).append('>');
    switch (shape.path("type").asText()) {
      case "structure" -> members(shapeName, value, xml);
      case "list" -> {
        String member = shape.path("member").path("shape").asText();
        for (Object item : (Collection<?>) value) {
          element("member", member, item, xml);
        }
      }
      case "map" -> {
        String valueShape = shape.path("value").path("shape").asText();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          xml.append("<entry><key>").append(escape(entry.getKey().toString())).append("</key>");
          element("value", valueShape, entry.getValue(), xml);
          xml.append("</entry>");
        }
      }
      case "timestamp" ->
          xml.append(
              value instanceof Instant t
                  ? DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS))
                  : escape(value.toString()));
      default -> xml.append(escape(value.toString()));
    }
    xml.append("</").append(name).append('>');
  }

  /**
   * Escapes text for element content. Characters XML 1.0 cannot carry at all (controls other than
   * tab, newline and return, lone surrogates, U+FFFE and U+FFFF) become U+FFFD, so every response
   * parses (issue 9, item 14).
   */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> out.appendCodePoint(xmlChar(c) ? c : 0xFFFD);
              }
            });
    return out.toString();
  }

  private static boolean xmlChar(int c) {
    return c == '\t'
        || c == '\n'
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }
}
