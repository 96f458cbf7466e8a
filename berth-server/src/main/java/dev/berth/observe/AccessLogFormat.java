package dev.berth.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.berth.common.Json;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How an access log line reads. Keys (JSON) and fields (text), in order: {@code time} (arrival,
 * UTC), {@code request_id}, {@code client}, {@code method}, {@code path} (raw, without the query),
 * {@code status}, {@code duration_ms}, {@code bytes_in}, {@code bytes_out}, {@code api}, {@code
 * operation}, and when known {@code repository}, {@code principal}, {@code error} (the wire error
 * code), {@code refused_by} ({@code signature}, {@code authentication}, {@code authorization},
 * {@code limits}, {@code validation}) and {@code refusal} (its detail).
 */
public enum AccessLogFormat implements Function<RequestRecord, String> {
  /** One JSON object per line; absent fields are left out. */
  JSON {
    @Override
    public String apply(RequestRecord r) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("time", TIME.format(r.time()));
      line.put("request_id", r.id());
      line.put("client", r.client());
      line.put("method", r.method());
      line.put("path", r.path());
      line.put("status", r.status());
      line.put("duration_ms", millis(r));
      line.put("bytes_in", r.bytesIn());
      line.put("bytes_out", r.bytesOut());
      line.put("api", r.api());
      line.put("operation", r.operation());
      r.repository().ifPresent(v -> line.put("repository", v));
      r.principal().ifPresent(v -> line.put("principal", v));
      r.error().ifPresent(v -> line.put("error", v));
      r.refusedBy().ifPresent(v -> line.put("refused_by", v));
      r.refusal().ifPresent(v -> line.put("refusal", v));
      try {
        return Json.mapper().writeValueAsString(line);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("failed to write an access log line", e);
      }
    }
  },

  /**
   * A line for a terminal: {@code <time> <status> <method> <path> <ms>ms in=<bytes> out=<bytes>
   * <api>/<operation> id=<request id> client=<address>} and then the known {@code key=value}s;
   * {@code refusal} last, quoted. Values never contain spaces or control characters.
   */
  TEXT {
    @Override
    public String apply(RequestRecord r) {
      StringBuilder b = new StringBuilder(160);
      b.append(TIME.format(r.time()))
          .append(' ')
          .append(r.status())
          .append(' ')
          .append(clean(r.method()))
          .append(' ')
          .append(clean(r.path()))
          .append(' ')
          .append(millis(r))
          .append("ms in=")
          .append(r.bytesIn())
          .append(" out=")
          .append(r.bytesOut())
          .append(' ')
          .append(r.api())
          .append('/')
          .append(r.operation())
          .append(" id=")
          .append(r.id())
          .append(" client=")
          .append(clean(r.client()));
      r.repository().ifPresent(v -> b.append(" repository=").append(clean(v)));
      r.principal().ifPresent(v -> b.append(" principal=").append(clean(v)));
      r.error().ifPresent(v -> b.append(" error=").append(clean(v)));
      r.refusedBy().ifPresent(v -> b.append(" refused_by=").append(v));
      r.refusal().ifPresent(v -> b.append(" refusal=").append(quoted(v)));
      return b.toString();
    }
  };

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  static double millis(RequestRecord r) {
    return Math.round(r.durationNanos() / 100_000.0) / 10.0;
  }

  /** Spaces, quotes and control characters percent-encoded, so a field stays one token. */
  static String clean(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = c <= ' ' || c == '"' || c == 0x7f;
      if (bad && b == null) {
        b = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (b != null) {
        if (bad) {
          b.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }

  private static String quoted(String s) {
    try {
      return Json.mapper().writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
