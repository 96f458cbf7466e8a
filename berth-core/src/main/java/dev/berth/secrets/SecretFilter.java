package dev.berth.secrets;

import dev.berth.meta.StoredSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One ListSecrets filter: a secret matches when any value matches (a value starting with {@code !}
 * matches when its rest does not); several filters must all match. Values are prefixes: of the
 * name, a tag key, a tag value or the region, case-sensitive; of the description, or of any word of
 * the name, description, tag keys and values ({@code all}), ignoring case. {@code owning-service}
 * matches no secret: none here is managed by another service.
 */
public record SecretFilter(String key, List<String> values) {
  public SecretFilter {
    values = List.copyOf(values);
  }

  boolean matches(StoredSecret secret, Map<String, String> tags) {
    for (String value : values) {
      boolean negated = value.startsWith("!");
      String prefix = negated ? value.substring(1) : value;
      if (matchesPrefix(prefix, secret, tags) != negated) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesPrefix(String prefix, StoredSecret secret, Map<String, String> tags) {
    return switch (key) {
      case "name" -> secret.name().startsWith(prefix);
      case "description" -> startsIgnoringCase(secret.description(), prefix);
      case "tag-key" -> tags.keySet().stream().anyMatch(k -> k.startsWith(prefix));
      case "tag-value" -> tags.values().stream().anyMatch(v -> v.startsWith(prefix));
      case "primary-region" -> secret.region().startsWith(prefix);
      case "all" -> words(secret, tags).anyMatch(w -> startsIgnoringCase(Optional.of(w), prefix));
      default -> false;
    };
  }

  private static boolean startsIgnoringCase(Optional<String> text, String prefix) {
    return text.map(t -> t.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)))
        .orElse(false);
  }

  /** The name, description, tag keys and values, whole and split into words. */
  private static Stream<String> words(StoredSecret secret, Map<String, String> tags) {
    List<String> fields = new ArrayList<>();
    fields.add(secret.name());
    secret.description().ifPresent(fields::add);
    fields.addAll(tags.keySet());
    fields.addAll(tags.values());
    return fields.stream()
        .flatMap(f -> Stream.concat(Stream.of(f), Stream.of(f.split("[^A-Za-z0-9]+"))))
        .filter(w -> !w.isEmpty());
  }
}
