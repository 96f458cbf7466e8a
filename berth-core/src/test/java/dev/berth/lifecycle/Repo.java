package dev.berth.lifecycle;

import dev.berth.common.Hashing;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.oci.MediaTypes;
import dev.berth.registry.ManifestService;
import dev.berth.registry.PutManifestResult;
import dev.berth.registry.RepositoryService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A repository on a real SQLite store with the real registry services and a clock tests move:
 * images are small OCI indexes (they reference no blobs), so children and subjects are easy to
 * make.
 */
final class Repo implements AutoCloseable {
  static final AccountId ACCOUNT = new AccountId("111122223333");
  static final RegistryId REGISTRY = new RegistryId(ACCOUNT, "us-east-1");

  final MetadataStore meta;
  final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T00:00:00Z"));
  final ManifestService manifests;
  final RepositoryService repositories;
  final Repository repo;

  Repo(Path dir) {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
    repositories = new RepositoryService(meta, clock);
    manifests = new ManifestService(meta, clock);
    repo =
        repositories.create(
            REGISTRY, RepositoryService.name("team/app"), ImageTagMutability.MUTABLE, false);
  }

  /** Pushes a distinct image (an OCI index) under {@code tag}, or untagged when null-free empty. */
  Digest push(String marker, Optional<String> tag, Optional<Digest> subject, Digest... children) {
    StringBuilder m = new StringBuilder();
    for (Digest c : children) {
      if (m.length() > 0) {
        m.append(',');
      }
      long size = manifests.get(repo, new Reference.ByDigest(c)).content().length;
      m.append("{\"mediaType\":\"")
          .append(MediaTypes.OCI_INDEX)
          .append("\",\"digest\":\"")
          .append(c)
          .append("\",\"size\":")
          .append(size)
          .append('}');
    }
    String subjectJson =
        subject
            .map(
                s ->
                    ",\"subject\":{\"mediaType\":\""
                        + MediaTypes.OCI_INDEX
                        + "\",\"digest\":\""
                        + s
                        + "\",\"size\":"
                        + manifests.get(repo, new Reference.ByDigest(s)).content().length
                        + "}")
            .orElse("");
    byte[] bytes =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_INDEX
                + "\",\"manifests\":["
                + m
                + "]"
                + subjectJson
                + ",\"annotations\":{\"m\":\""
                + marker
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(Hashing.sha256().digest(bytes));
    Reference ref =
        tag.<Reference>map(t -> new Reference.ByTag(new Tag(t)))
            .orElseGet(() -> new Reference.ByDigest(digest));
    PutManifestResult r = manifests.put(repo, ref, MediaTypes.OCI_INDEX, bytes);
    clock.advance(Duration.ofMinutes(1));
    return r.digest();
  }

  Digest push(String marker, String tag) {
    return push(marker, Optional.of(tag), Optional.empty());
  }

  Digest untagged(String marker) {
    return push(marker, Optional.empty(), Optional.empty());
  }

  boolean exists(Digest d) {
    return manifests.exists(repo, d);
  }

  @Override
  public void close() {
    meta.close();
  }

  /** A clock tests move forward. */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
      return java.util.Objects.requireNonNull(now.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
