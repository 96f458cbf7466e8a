package dev.berth.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Staging labels, as Secrets Manager moves them: each label is on one version of a secret; a new
 * version takes the labels it is given from wherever they were, and when it takes {@code
 * AWSCURRENT} the version that had it gets {@code AWSPREVIOUS}. A version left without labels is
 * deprecated but stays readable by its id.
 */
final class Stages {
  static final String CURRENT = "AWSCURRENT";
  static final String PREVIOUS = "AWSPREVIOUS";

  private Stages() {}

  /** The labels after {@code version} is put with {@code labels}: label to version id. */
  static Map<String, String> afterPut(
      Map<String, String> before, String version, Set<String> labels) {
    Map<String, String> after = new TreeMap<>(before);
    labels.forEach(label -> after.put(label, version));
    String wasCurrent = before.get(CURRENT);
    if (labels.contains(CURRENT)
        && wasCurrent != null
        && !wasCurrent.equals(version)
        && !labels.contains(PREVIOUS)) {
      after.put(PREVIOUS, wasCurrent);
    }
    return after;
  }

  /** The labels on {@code version}, in label order. */
  static List<String> of(Map<String, String> labels, String version) {
    List<String> out = new ArrayList<>();
    new TreeMap<>(labels)
        .forEach(
            (label, v) -> {
              if (v.equals(version)) {
                out.add(label);
              }
            });
    return List.copyOf(out);
  }

  /** Version id to its labels, for the versions that have any. */
  static Map<String, List<String>> byVersion(Map<String, String> labels) {
    Map<String, List<String>> out = new TreeMap<>();
    new TreeMap<>(labels)
        .forEach((label, v) -> out.computeIfAbsent(v, k -> new ArrayList<>()).add(label));
    out.replaceAll((v, l) -> List.copyOf(l));
    return out;
  }
}
