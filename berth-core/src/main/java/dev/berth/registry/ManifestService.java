package dev.berth.registry;

import dev.berth.common.Hashing;
import dev.berth.error.ErrorKind;
import dev.berth.error.Errors;
import dev.berth.error.RegistryException;
import dev.berth.meta.DomainEvent;
import dev.berth.meta.ManifestReference;
import dev.berth.meta.MetadataStore;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.ImageRef;
import dev.berth.model.ImageStatus;
import dev.berth.model.ImageSummary;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Page;
import dev.berth.model.Reference;
import dev.berth.model.ReferrerQuery;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.model.TagStatus;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.ParsedManifest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Manifests and tags of a repository: push, pull, delete, list, referrers. */
public final class ManifestService {
  /** The largest manifest accepted, as ECR and Distribution. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  /**
   * Annotation bytes a page of referrers carries at most (past one entry, which may be as large as
   * a manifest), so a referrers page stays a few MiB however large the referrers' annotations.
   */
  public static final long REFERRER_PAGE_ANNOTATION_BYTES = 1024 * 1024;

  /** A pull updates last-pulled time at most this often per manifest. */
  private static final Duration PULL_RECORD_INTERVAL = Duration.ofMinutes(1);

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ManifestService.class);

  private final MetadataStore meta;
  private final Clock clock;

  /** When this node last claimed a pull-time write per repository and digest. */
  private final java.util.concurrent.ConcurrentMap<String, Instant> pullClaims =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Pull times are written here, one at a time, so no request waits for them. */
  private final java.util.concurrent.Executor pullRecorder =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "berth-pull-recorder");
            t.setDaemon(true);
            return t;
          });

  public ManifestService(MetadataStore meta, Clock clock) {
    this.meta = meta;
    this.clock = clock;
  }

  /**
   * Resolves a reference to a manifest for a pull: {@code MANIFEST_UNKNOWN} when absent, {@code
   * IMAGE_ARCHIVED} when the image is archived or being restored (ECR refuses those pulls).
   */
  public ManifestRecord get(Repository repo, Reference reference) {
    ManifestRecord m = find(repo, reference);
    if (!m.state().isActive()) {
      throw archived(m);
    }
    return m;
  }

  /** Resolves a reference to a stored manifest whatever its status, or {@code MANIFEST_UNKNOWN}. */
  public ManifestRecord find(Repository repo, Reference reference) {
    Optional<ManifestRecord> m =
        reference instanceof Reference.ByTag t
            ? meta.images().findByTag(repo.id(), t.tag())
            : meta.images().findManifest(repo.id(), ((Reference.ByDigest) reference).digest());
    return m.orElseThrow(() -> unknown(reference));
  }

  private static RegistryException archived(ManifestRecord m) {
    String why =
        m.state().status() == ImageStatus.ACTIVATING
            ? "is being restored from the archive and cannot be pulled until the restore completes"
            : "is archived and cannot be pulled; restore it with UpdateImageStorageClass"
                + " (targetStorageClass STANDARD)";
    return new RegistryException(
        ErrorKind.IMAGE_ARCHIVED,
        "The image with digest '" + m.digest() + "' " + why,
        Map.of("digest", m.digest().toString(), "imageStatus", m.state().status().name()));
  }

  /** Whether the repository holds a manifest with this digest. */
  public boolean exists(Repository repo, Digest digest) {
    return meta.images().findManifest(repo.id(), digest).isPresent();
  }

  /** The digest a tag points at, if any. */
  public Optional<Digest> tagged(Repository repo, Tag tag) {
    return meta.images().findTag(repo.id(), tag);
  }

  /**
   * Records a pull of the manifest by {@code principalArn} (a user's ARN, a role's for its
   * sessions), at most once per interval and off the request's path: one caller claims the write,
   * the others pulling the same manifest meanwhile do not queue behind the database's writer. A
   * principal on the registry's pull-time update exclusion list leaves the pull time alone (and
   * gives the claim back, so the next pull by anyone else is recorded).
   */
  public void recordPull(Repository repo, ManifestRecord manifest, String principalArn) {
    Instant now = clock.instant();
    if (!manifest
        .lastPulledAt()
        .map(t -> t.plus(PULL_RECORD_INTERVAL).isBefore(now))
        .orElse(true)) {
      return;
    }
    String key = repo.id() + "@" + manifest.digest();
    Instant claimed = pullClaims.get(key);
    if (claimed != null && claimed.plus(PULL_RECORD_INTERVAL).isAfter(now)) {
      return;
    }
    if (pullClaims.size() > 100_000) {
      pullClaims.clear();
    }
    if (claimed == null
        ? pullClaims.putIfAbsent(key, now) != null
        : !pullClaims.replace(key, claimed, now)) {
      return;
    }
    pullRecorder.execute(
        () -> {
          try {
            if (meta.pullTimeExclusions().find(repo.registry(), principalArn).isPresent()) {
              pullClaims.remove(key, now);
              return;
            }
            meta.images().recordPull(repo.id(), manifest.digest(), now);
          } catch (RuntimeException e) {
            LOG.warn(
                "failed to record a pull repository={} digest={}",
                repo.name(),
                manifest.digest(),
                e);
          }
        });
  }

  /** Waits until every pull time recorded so far is written (tests, orderly shutdown). */
  public void awaitPullRecords() {
    java.util.concurrent.CompletableFuture.runAsync(() -> {}, pullRecorder).join();
  }

  /**
   * Validates and stores a manifest under a tag or digest. Every blob and child manifest it
   * references must already be in the repository; the subject need not be.
   */
  public PutManifestResult put(
      Repository repo, Reference reference, String contentType, byte[] bytes) {
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new RegistryException(
          ErrorKind.MANIFEST_TOO_LARGE,
          "manifest exceeds the " + MAX_MANIFEST_BYTES + " byte limit",
          Map.of("size", bytes.length, "limit", MAX_MANIFEST_BYTES));
    }
    ParsedManifest parsed = ManifestParser.parse(contentType, bytes);
    Digest digest = Digest.sha256(Hashing.sha256().digest(bytes));
    if (reference instanceof Reference.ByDigest byDigest) {
      Digest expected = byDigest.digest();
      Digest actual =
          "sha256".equals(expected.algorithm())
              ? digest
              : new Digest(
                  expected.algorithm(),
                  HexFormat.of().formatHex(Hashing.digest(expected.jcaAlgorithm()).digest(bytes)));
      if (!actual.equals(expected)) {
        throw new RegistryException(
            ErrorKind.DIGEST_INVALID,
            "manifest digest did not match the content",
            Map.of("expected", expected.toString(), "actual", actual.toString()));
      }
      digest = actual;
    }
    List<ManifestReference> refs = references(parsed);
    Instant now = clock.instant();
    ManifestRecord record =
        new ManifestRecord(
            digest,
            parsed.mediaType(),
            bytes,
            parsed.effectiveArtifactType(),
            parsed.subject().map(Descriptor::digest),
            now,
            Optional.empty());
    Digest stored = digest;
    boolean created =
        meta.transactions()
            .inTransaction(
                () -> {
                  // Checked in the storing transaction, so a concurrent delete of the repository,
                  // a blob link or a child manifest cannot slip in between check and insert.
                  requireRepository(repo);
                  checkReferences(repo, parsed);
                  if (reference instanceof Reference.ByTag byTag) {
                    var tag = byTag.tag();
                    Optional<Digest> current = meta.images().findTag(repo.id(), tag);
                    if (repo.settings().isImmutable(tag.value())
                        && current.isPresent()
                        && !current.get().equals(stored)) {
                      throw new RegistryException(
                          ErrorKind.TAG_IMMUTABLE,
                          "The image tag '"
                              + tag.value()
                              + "' already exists in the '"
                              + repo.name().value()
                              + "' repository and cannot be overwritten because the repository is"
                              + " immutable.");
                    }
                  }
                  boolean inserted =
                      meta.images().insertManifest(repo.id(), record, refs, parsed.annotations());
                  if (reference instanceof Reference.ByTag byTag) {
                    meta.images().putTag(repo.id(), byTag.tag(), stored, now);
                  }
                  // Pushing an archived image restores it at once, as in ECR; blobs it shares
                  // with archived images are queued to move back to the standard tier.
                  meta.storageClasses().pushed(repo.id(), stored, now);
                  event(DomainEvent.Kind.IMAGE_PUSHED, repo, stored);
                  return inserted;
                });
    return new PutManifestResult(
        digest, parsed.mediaType(), parsed.subject().map(Descriptor::digest), created);
  }

  private void requireRepository(Repository repo) {
    if (!meta.repositories().exists(repo.id())) {
      throw Errors.repositoryNotFound(repo.account(), repo.name());
    }
  }

  /**
   * Every blob and child manifest the manifest references must be in the repository, with the size
   * its descriptor claims (else reported image sizes could be inflated at will).
   */
  private void checkReferences(Repository repo, ParsedManifest parsed) {
    Set<String> missing = new TreeSet<>();
    List<Map<String, Object>> wrongSize = new ArrayList<>();
    if (parsed.isIndex()) {
      for (Descriptor child : parsed.manifests()) {
        Optional<ManifestRecord> stored = meta.images().findManifest(repo.id(), child.digest());
        if (stored.isEmpty()) {
          missing.add(child.digest().toString());
        } else if (stored.get().size() != child.size()) {
          wrongSize.add(sizeDetail(child, stored.get().size()));
        }
      }
      if (!missing.isEmpty()) {
        throw new RegistryException(
            ErrorKind.MANIFEST_BLOB_UNKNOWN,
            "manifest references manifests unknown to the repository",
            Map.of("digests", List.copyOf(missing)));
      }
    } else {
      List<Descriptor> needed = new ArrayList<>();
      parsed.config().ifPresent(needed::add);
      for (Descriptor layer : parsed.layers()) {
        if (!MediaTypes.FOREIGN_LAYERS.contains(layer.mediaType())) {
          needed.add(layer);
        }
      }
      Set<Digest> digests = new LinkedHashSet<>();
      needed.forEach(d -> digests.add(d.digest()));
      Map<Digest, Long> sizes = meta.blobs().linkedSizes(repo.id(), digests);
      for (Descriptor d : needed) {
        Long size = sizes.get(d.digest());
        if (size == null) {
          missing.add(d.digest().toString());
        } else if (size != d.size()) {
          wrongSize.add(sizeDetail(d, size));
        }
      }
      if (!missing.isEmpty()) {
        throw new RegistryException(
            ErrorKind.MANIFEST_BLOB_UNKNOWN,
            "manifest references blobs unknown to the repository",
            Map.of("digests", List.copyOf(missing)));
      }
    }
    if (!wrongSize.isEmpty()) {
      throw new RegistryException(
          ErrorKind.MANIFEST_INVALID,
          "manifest descriptor size does not match the size of the stored content",
          Map.of("descriptors", wrongSize));
    }
  }

  private static Map<String, Object> sizeDetail(Descriptor d, long actual) {
    return Map.of("digest", d.digest().toString(), "size", d.size(), "actual", actual);
  }

  private static List<ManifestReference> references(ParsedManifest parsed) {
    List<ManifestReference> refs = new ArrayList<>();
    parsed
        .config()
        .ifPresent(
            c ->
                refs.add(
                    new ManifestReference(
                        ManifestReference.Kind.CONFIG, 0, c.digest(), c.mediaType(), c.size())));
    int i = 0;
    for (Descriptor l : parsed.layers()) {
      refs.add(
          new ManifestReference(
              ManifestReference.Kind.LAYER, i++, l.digest(), l.mediaType(), l.size()));
    }
    i = 0;
    for (Descriptor m : parsed.manifests()) {
      refs.add(
          new ManifestReference(
              ManifestReference.Kind.MANIFEST, i++, m.digest(), m.mediaType(), m.size()));
    }
    parsed
        .subject()
        .ifPresent(
            s ->
                refs.add(
                    new ManifestReference(
                        ManifestReference.Kind.SUBJECT, 0, s.digest(), s.mediaType(), s.size())));
    return refs;
  }

  /**
   * Deletes by digest (the manifest and its tags) or by tag (the tag only). A manifest an index of
   * the repository lists is kept, as BatchDeleteImage keeps it ({@code IMAGE_REFERENCED_BY_INDEX}).
   */
  public void delete(Repository repo, Reference reference) {
    if (reference instanceof Reference.ByTag t) {
      meta.transactions()
          .run(
              () -> {
                Digest tagged =
                    meta.images().findTag(repo.id(), t.tag()).orElseThrow(() -> unknown(reference));
                meta.images().deleteTag(repo.id(), t.tag());
                event(DomainEvent.Kind.IMAGE_DELETED, repo, tagged);
              });
      return;
    }
    Digest digest = ((Reference.ByDigest) reference).digest();
    meta.transactions()
        .run(
            () -> {
              if (meta.images().findManifest(repo.id(), digest).isEmpty()) {
                throw unknown(reference);
              }
              if (meta.images().isReferencedByIndex(repo.id(), digest)) {
                throw referencedByIndex(digest);
              }
              meta.images().deleteManifest(repo.id(), digest);
              event(DomainEvent.Kind.IMAGE_DELETED, repo, digest);
            });
  }

  /** Appends an image event to the outbox in the current transaction. */
  private void event(DomainEvent.Kind kind, Repository repo, Digest digest) {
    meta.events().append(DomainEvent.image(kind, repo, digest.toString()), clock.instant());
  }

  private static RegistryException referencedByIndex(Digest digest) {
    return new RegistryException(
        ErrorKind.IMAGE_REFERENCED_BY_INDEX,
        "The image is referenced by a manifest list in the repository; delete the manifest list"
            + " first",
        Map.of("digest", digest.toString()));
  }

  /** Images of the repository in digest order (DescribeImages). */
  public Page<ImageSummary> describe(
      Repository repo, Optional<String> after, int limit, TagStatus status) {
    return meta.images().describe(repo.id(), after, limit, status);
  }

  /** Images of the repository with these statuses, in digest order (DescribeImages' filter). */
  public Page<ImageSummary> describe(
      Repository repo,
      Optional<String> after,
      int limit,
      TagStatus status,
      Set<ImageStatus> statuses) {
    return meta.images().describe(repo.id(), after, limit, status, statuses);
  }

  /** The images with these digests; absent ones are left out. */
  public List<ImageSummary> describe(Repository repo, java.util.Collection<Digest> digests) {
    return meta.images().describe(repo.id(), digests);
  }

  /** (digest, tag) pairs (ListImages). */
  public Page<ImageRef> imageIds(
      Repository repo, Optional<String> after, int limit, TagStatus status) {
    return meta.images().listImageIds(repo.id(), after, limit, status);
  }

  /** (digest, tag) pairs of images with these statuses (ListImages' filter). */
  public Page<ImageRef> imageIds(
      Repository repo,
      Optional<String> after,
      int limit,
      TagStatus status,
      Set<ImageStatus> statuses) {
    return meta.images().listImageIds(repo.id(), after, limit, status, statuses);
  }

  /**
   * Deletes an image as ECR's BatchDeleteImage does: by digest, the image and all its tags; by tag
   * alone, the tag, and the image too when no other tag remains. An image an index lists is kept.
   * Returns the (digest, tag) pairs removed.
   */
  public List<ImageRef> deleteImage(Repository repo, Optional<Digest> digest, Optional<Tag> tag) {
    return meta.transactions()
        .inTransaction(
            () -> {
              Optional<Digest> tagged = tag.flatMap(t -> meta.images().findTag(repo.id(), t));
              Digest target =
                  digest
                      .or(() -> tagged)
                      .orElseThrow(
                          () ->
                              unknown(
                                  tag.map(t -> (Reference) new Reference.ByTag(t)).orElseThrow()));
              if (digest.isPresent() && tag.isPresent() && !tagged.equals(digest)) {
                throw new RegistryException(
                    ErrorKind.TAG_DIGEST_MISMATCH, "The image tag does not match the image digest");
              }
              if (meta.images().findManifest(repo.id(), target).isEmpty()) {
                throw unknown(new Reference.ByDigest(target));
              }
              List<String> tags = meta.images().tagsOf(repo.id(), target);
              boolean wholeImage = digest.isPresent() || tags.size() <= 1;
              if (wholeImage && meta.images().isReferencedByIndex(repo.id(), target)) {
                if (digest.isEmpty()) {
                  meta.images().deleteTag(repo.id(), tag.get());
                  event(DomainEvent.Kind.IMAGE_DELETED, repo, target);
                  return List.of(new ImageRef(target, Optional.of(tag.get().value())));
                }
                throw referencedByIndex(target);
              }
              event(DomainEvent.Kind.IMAGE_DELETED, repo, target);
              if (!wholeImage) {
                meta.images().deleteTag(repo.id(), tag.get());
                return List.of(new ImageRef(target, Optional.of(tag.get().value())));
              }
              meta.images().deleteManifest(repo.id(), target);
              if (tags.isEmpty()) {
                return List.of(new ImageRef(target, Optional.empty()));
              }
              return tags.stream().map(t -> new ImageRef(target, Optional.of(t))).toList();
            });
  }

  public Page<String> tags(Repository repo, Optional<String> after, int limit) {
    return meta.images().listTags(repo.id(), after, limit);
  }

  /**
   * One page of the descriptors of the manifests whose subject is {@code subject}, in digest order,
   * as {@code query} bounds it; built from stored descriptor data without reading manifest bodies,
   * so its cost follows the page, not the number or size of the referrers.
   */
  public Page<Descriptor> referrers(Repository repo, Digest subject, ReferrerQuery query) {
    return meta.images().referrers(repo.id(), subject, query);
  }

  private static RegistryException unknown(Reference reference) {
    return new RegistryException(
        ErrorKind.MANIFEST_UNKNOWN,
        "manifest unknown to registry",
        Map.of("reference", reference.toString()));
  }
}
