package dev.berth.meta;

import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.ImageRef;
import dev.berth.model.ImageStatus;
import dev.berth.model.ImageSummary;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Page;
import dev.berth.model.ReferrerQuery;
import dev.berth.model.RepositoryUsage;
import dev.berth.model.Tag;
import dev.berth.model.TagStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Manifests, their references, and tags of a repository. */
public interface ImageStore {
  /** Inserts the manifest and its references; false (no change) when the digest is present. */
  default boolean insertManifest(
      String repositoryId, ManifestRecord manifest, List<ManifestReference> refs) {
    return insertManifest(repositoryId, manifest, refs, Map.of());
  }

  /**
   * As {@link #insertManifest(String, ManifestRecord, List)}, keeping the manifest's annotations
   * for the referrers index when it has a subject.
   */
  boolean insertManifest(
      String repositoryId,
      ManifestRecord manifest,
      List<ManifestReference> refs,
      Map<String, String> annotations);

  Optional<ManifestRecord> findManifest(String repositoryId, Digest digest);

  Optional<Digest> findTag(String repositoryId, Tag tag);

  /** The manifest a tag points at, in one lookup. */
  Optional<ManifestRecord> findByTag(String repositoryId, Tag tag);

  /** Points the tag at the digest; returns the digest it pointed at before, if any. */
  Optional<Digest> putTag(String repositoryId, Tag tag, Digest digest, Instant now);

  /** Removes the tag; returns whether it existed. */
  boolean deleteTag(String repositoryId, Tag tag);

  /**
   * Removes the manifest, its references and every tag pointing at it, and in the same transaction
   * unlinks the blobs it listed as config or layer that no remaining manifest of the repository
   * references, unless their link is newer than the manifest's push (a fresh upload or mount).
   */
  boolean deleteManifest(String repositoryId, Digest digest);

  /** Tags of the repository in lexical order, after {@code after}. */
  Page<String> listTags(String repositoryId, Optional<String> after, int limit);

  /** Tags pointing at the digest. */
  List<String> tagsOf(String repositoryId, Digest digest);

  /**
   * Descriptors of the manifests whose subject is the digest, ordered by digest, one page as the
   * query bounds it; built from stored descriptor data, never from manifest bodies. {@code next} is
   * the page's last digest when more may follow.
   */
  Page<Descriptor> referrers(String repositoryId, Digest subject, ReferrerQuery query);

  /** Records the time of a pull. */
  void recordPull(String repositoryId, Digest digest, Instant at);

  long countManifests(String repositoryId);

  /** The manifest count and the bytes of the distinct layers and configs they reference. */
  RepositoryUsage usage(String repositoryId);

  /** Images of the repository ordered by digest, after {@code after}, filtered by tag status. */
  Page<ImageSummary> describe(
      String repositoryId, Optional<String> after, int limit, TagStatus status);

  /** As {@link #describe(String, Optional, int, TagStatus)}, only images with these statuses. */
  Page<ImageSummary> describe(
      String repositoryId,
      Optional<String> after,
      int limit,
      TagStatus status,
      Set<ImageStatus> statuses);

  /** The images with these digests (absent ones are left out), ordered by digest. */
  List<ImageSummary> describe(String repositoryId, Collection<Digest> digests);

  /**
   * (digest, tag) pairs ordered by digest then tag, untagged images once without a tag; the
   * continuation key is opaque.
   */
  Page<ImageRef> listImageIds(
      String repositoryId, Optional<String> after, int limit, TagStatus status);

  /**
   * As {@link #listImageIds(String, Optional, int, TagStatus)}, only images with these statuses.
   */
  Page<ImageRef> listImageIds(
      String repositoryId,
      Optional<String> after,
      int limit,
      TagStatus status,
      Set<ImageStatus> statuses);

  /** Whether a manifest of the repository lists the blob as its config or one of its layers. */
  boolean isBlobReferenced(String repositoryId, Digest digest);

  /** Whether an index in the repository lists the manifest as a child. */
  boolean isReferencedByIndex(String repositoryId, Digest digest);
}
