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

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\r' -> out.append("&#13;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
