package dev.berth.meta.jdbc;

import dev.berth.model.Page;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Turns {@code limit + 1} fetched rows into a page with a continuation marker. */
final class Paging {
  private Paging() {}

  static <T> Page<T> page(List<T> rows, int limit, Function<T, String> key) {
    if (limit <= 0) {
      return new Page<>(List.of(), Optional.empty());
    }
    if (rows.size() <= limit) {
      return new Page<>(rows, Optional.empty());
    }
    List<T> items = rows.subList(0, limit);
    return new Page<>(items, Optional.of(key.apply(items.get(limit - 1))));
  }
}
