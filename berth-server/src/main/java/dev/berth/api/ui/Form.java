package dev.berth.api.ui;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A posted {@code application/x-www-form-urlencoded} body. */
final class Form {
  /** Forms are small; a policy document is the largest field (10 KiB in ECR). */
  static final int MAX_BYTES = 256 * 1024;

  private final Map<String, List<String>> fields;

  private Form(Map<String, List<String>> fields) {
    this.fields = fields;
  }

  /** A form with no fields (a page shown before anything was posted). */
  static Form empty() {
    return new Form(Map.of());
  }

  static Form parse(byte[] body) {
    if (body.length > MAX_BYTES) {
      throw new RegistryException(ErrorKind.INVALID_PARAMETER, "the form is too large");
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    if (!text.isEmpty()) {
      for (String pair : text.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        fields.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
    }
    return new Form(fields);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(ErrorKind.INVALID_PARAMETER, "the form is not well encoded");
    }
  }

  Optional<String> get(String name) {
    List<String> values = fields.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The field, or empty text. */
  String text(String name) {
    return get(name).orElse("");
  }
}
