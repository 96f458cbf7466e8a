package dev.berth.api.ui;

import java.util.LinkedHashMap;

/** The values a template renders, by name; built fluently. */
final class Model extends LinkedHashMap<String, Object> {
  Model with(String key, Object value) {
    put(key, value);
    return this;
  }

  static Model of(String key, Object value) {
    return new Model().with(key, value);
  }
}
