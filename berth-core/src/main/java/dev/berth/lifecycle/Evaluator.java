package dev.berth.lifecycle;

import dev.berth.model.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one lifecycle evaluator, shared by previews and scheduled runs: a pure function of the
 * policy, the repository's images and the time. The semantics and their sources are in {@code
 * package-info.java}.
 */
public final class Evaluator {
  private static final Comparator<LifecycleImage> NEWEST_FIRST =
      Comparator.comparing(LifecycleImage::effectivePushTime)
          .reversed()
          .thenComparing(i -> i.digest().toString());

  private Evaluator() {}

  /**
   * The images the policy acts on, each with the rule that acts on it, in execution order: an
   * image's referrers before the image (deepest first), otherwise by digest.
   */
  public static List<Verdict> evaluate(
      LifecyclePolicy policy, List<LifecycleImage> images, Instant now) {
    Map<Digest, LifecycleImage> byDigest = new LinkedHashMap<>();
    images.forEach(i -> byDigest.put(i.digest(), i));
    List<LifecycleImage> candidates =
        images.stream()
            .filter(i -> !i.listedByIndex())
            .filter(i -> i.subject().filter(byDigest::containsKey).isEmpty())
            .sorted(Comparator.comparing(i -> i.digest().toString()))
            .toList();
    Set<Digest> selectedEarlier = new HashSet<>();
    Map<Digest, Verdict> acted = new LinkedHashMap<>();
    for (Rule rule : policy.rules()) {
      List<LifecycleImage> selected = candidates.stream().filter(rule::selects).toList();
      Set<Digest> marked = marked(rule, selected, now);
      for (LifecycleImage image : selected) {
        // The first rule that selects an image decides it: lower rules may count it but never
        // act on it (ECR: "An image that matches the tagging requirements of a rule cannot be
        // expired or archived by a rule with a lower priority").
        if (selectedEarlier.add(image.digest()) && marked.contains(image.digest())) {
          acted.put(image.digest(), new Verdict(image, rule, false));
        }
      }
    }
    return withReferrers(acted, images);
  }

  /** The selected images the rule's count criterion marks. */
  static Set<Digest> marked(Rule rule, List<LifecycleImage> selected, Instant now) {
    Instant limit = now.minus(Duration.ofDays(rule.countNumber()));
    Set<Digest> marked = new HashSet<>();
    switch (rule.countType()) {
      case IMAGE_COUNT_MORE_THAN -> {
        List<LifecycleImage> sorted = selected.stream().sorted(NEWEST_FIRST).toList();
        for (int i = rule.countNumber(); i < sorted.size(); i++) {
          marked.add(sorted.get(i).digest());
        }
      }
      case SINCE_IMAGE_PUSHED ->
          selected.stream()
              .filter(i -> i.effectivePushTime().isBefore(limit))
              .forEach(i -> marked.add(i.digest()));
      case SINCE_IMAGE_PULLED ->
          selected.stream()
              .filter(i -> i.pullTime().isBefore(limit))
              .forEach(i -> marked.add(i.digest()));
      case SINCE_IMAGE_TRANSITIONED ->
          selected.stream()
              .filter(i -> i.lastArchivedAt().filter(t -> t.isBefore(limit)).isPresent())
              .forEach(i -> marked.add(i.digest()));
    }
    return marked;
  }

  /**
   * Adds the referrers of every acted-on image (transitively), with its rule, and orders the whole:
   * deepest referrers first, so a subject goes only after what refers to it.
   */
  private static List<Verdict> withReferrers(
      Map<Digest, Verdict> acted, List<LifecycleImage> images) {
    Map<Digest, List<LifecycleImage>> referrers = new HashMap<>();
    for (LifecycleImage i : images) {
      i.subject().ifPresent(s -> referrers.computeIfAbsent(s, k -> new ArrayList<>()).add(i));
    }
    Map<Digest, Integer> depth = new HashMap<>();
    List<Verdict> all = new ArrayList<>();
    for (Verdict v : acted.values()) {
      all.add(v);
      depth.put(v.image().digest(), 0);
      Deque<Digest> queue = new ArrayDeque<>(List.of(v.image().digest()));
      while (!queue.isEmpty()) {
        Digest subject = queue.poll();
        for (LifecycleImage r : referrers.getOrDefault(subject, List.of())) {
          if (r.listedByIndex() || depth.containsKey(r.digest())) {
            continue;
          }
          depth.put(r.digest(), depth.getOrDefault(subject, 0) + 1);
          all.add(new Verdict(r, v.rule(), true));
          queue.add(r.digest());
        }
      }
    }
    all.sort(
        Comparator.<Verdict>comparingInt(v -> -depth.getOrDefault(v.image().digest(), 0))
            .thenComparing(v -> v.image().digest().toString()));
    return List.copyOf(all);
  }
}
