package dev.berth.meta;

import dev.berth.model.Digest;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.RepositoryName;
import dev.berth.model.TagStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ECR lifecycle policies of repositories and their previews. A repository's rows go with it when it
 * is deleted.
 */
public interface LifecycleStore {
  /** A stored policy: its text as sent and when the scheduled evaluator last ran it. */
  record StoredPolicy(String text, Instant updatedAt, Optional<Instant> lastEvaluatedAt) {}

  /** A repository that has a policy. */
  record PolicyOwner(String repositoryId, RegistryId registry, RepositoryName name) {}

  /** The state of a repository's latest preview. */
  enum PreviewStatus {
    IN_PROGRESS,
    COMPLETE,
    FAILED
  }

  /** A repository's latest preview. */
  record StoredPreview(
      String policyText,
      PreviewStatus status,
      Instant startedAt,
      Optional<Instant> completedAt,
      Optional<String> failure) {}

  /**
   * One image a preview found a rule acting on.
   *
   * @param action {@code EXPIRE} or {@code TRANSITION}
   * @param targetStorageClass {@code ARCHIVE} for a transition
   * @param storageClass the image's storage class, {@code STANDARD} or {@code ARCHIVE}
   */
  record PreviewResult(
      Digest digest,
      List<String> tags,
      Instant pushedAt,
      String action,
      Optional<String> targetStorageClass,
      int appliedRulePriority,
      String storageClass) {
    public PreviewResult {
      tags = List.copyOf(tags);
    }
  }

  Optional<StoredPolicy> policy(String repositoryId);

  /** Stores or replaces the policy; a replaced policy has not been evaluated yet. */
  void putPolicy(String repositoryId, String text, Instant now);

  /** Removes the policy; returns whether there was one. */
  boolean deletePolicy(String repositoryId);

  /** Records that the evaluator ran the repository's policy at {@code at} (no-op without one). */
  void markEvaluated(String repositoryId, Instant at);

  /** Every repository with a policy, in repository id order. */
  List<PolicyOwner> policyOwners();

  Optional<StoredPreview> preview(String repositoryId);

  /**
   * Starts a preview (IN_PROGRESS, no results), replacing a finished one; false, changing nothing,
   * while one is in progress. Atomic, so two concurrent starts cannot both win.
   */
  boolean startPreview(String repositoryId, String policyText, Instant now);

  /** Completes the in-progress preview with its results. */
  void completePreview(String repositoryId, List<PreviewResult> results, Instant now);

  /** Marks the in-progress preview FAILED with a reason. */
  void failPreview(String repositoryId, String reason, Instant now);

  /**
   * One page of a preview's results in digest order after {@code after}, filtered by whether the
   * image had tags.
   */
  Page<PreviewResult> previewResults(
      String repositoryId, Optional<String> after, int limit, TagStatus status);

  /** The preview's results for these images (absent ones left out), in digest order. */
  List<PreviewResult> previewResults(String repositoryId, Collection<Digest> digests);

  /** How many results of the preview have each action ({@code EXPIRE}, {@code TRANSITION}). */
  java.util.Map<String, Integer> previewActionCounts(String repositoryId);

  /** The manifests of the repository that an index in the repository lists as a child. */
  Set<Digest> manifestsListedByIndexes(String repositoryId);
}
