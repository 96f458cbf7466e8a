package dev.berth.model;

import java.util.List;
import java.util.Optional;

/** One page of a lexically ordered listing; {@code next} is the last item when more remain. */
public record Page<T>(List<T> items, Optional<String> next) {
  public Page {
    items = List.copyOf(items);
  }
}
