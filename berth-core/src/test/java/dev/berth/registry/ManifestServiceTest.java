package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Hashing;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.ImageRef;
import dev.berth.model.ImageSummary;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.model.TagStatus;
import dev.berth.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ManifestService on a SQLite store (issue 9, item 24): put by tag and digest, get, list, describe
 * and delete, with the registry's errors. Manifests are empty OCI indexes, which reference no
 * blobs, so only the service's own rules are under test.
 */
class ManifestServiceTest {
  private static final AccountId ACCOUNT = new AccountId("111122223333");
  private static final RegistryId REGISTRY = new RegistryId(ACCOUNT, "us-east-1");
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;
  private MetadataStore meta;
  private ManifestService manifests;
  private Repository repo;

  @BeforeEach
  void open() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    repo =
        new RepositoryService(meta, clock)
            .create(
                REGISTRY, RepositoryService.name("team/app"), ImageTagMutability.MUTABLE, false);
    manifests = new ManifestService(meta, clock);
  }

  @AfterEach
  void close() {
    meta.close();
  }

  /** A distinct, valid, empty OCI index. */
  private static byte[] index(String marker) {
    return ("{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":[],\"annotations\":{\"m\":\""
            + marker
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Digest digestOf(byte[] bytes) {
    return Digest.sha256(Hashing.sha256().digest(bytes));
  }

  private static Reference tag(String t) {
    return new Reference.ByTag(new Tag(t));
  }

  private PutManifestResult put(String tag, byte[] bytes) {
    return manifests.put(repo, tag(tag), MediaTypes.OCI_INDEX, bytes);
  }

  private static ErrorKind kind(Runnable r) {
    try {
      r.run();
    } catch (RegistryException e) {
      return e.kind();
    }
    throw new AssertionError("expected a RegistryException");
  }

  @Test
  void put_byTagStoresTheExactBytesUnderTheirDigest() {
    byte[] bytes = index("a");
    PutManifestResult r = put("v1", bytes);
    assertThat(r.digest()).isEqualTo(digestOf(bytes));
    assertThat(r.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(r.created()).isTrue();
    assertThat(manifests.get(repo, tag("v1")).content()).isEqualTo(bytes);
    assertThat(manifests.get(repo, new Reference.ByDigest(r.digest())).content()).isEqualTo(bytes);
    assertThat(manifests.tagged(repo, new Tag("v1"))).contains(r.digest());
    assertThat(manifests.exists(repo, r.digest())).isTrue();
    assertThat(put("v1", bytes).created()).as("the same push again").isFalse();
  }

  @Test
  void put_byDigestChecksTheDigest() {
    byte[] bytes = index("b");
    Digest d = digestOf(bytes);
    assertThat(manifests.put(repo, new Reference.ByDigest(d), MediaTypes.OCI_INDEX, bytes).digest())
        .isEqualTo(d);
    Digest wrong = digestOf(index("other"));
    assertThat(
            kind(
                () ->
                    manifests.put(
                        repo, new Reference.ByDigest(wrong), MediaTypes.OCI_INDEX, bytes)))
        .isEqualTo(ErrorKind.DIGEST_INVALID);
    assertThat(manifests.exists(repo, wrong)).isFalse();
  }

  @Test
  void put_rejectsAnInvalidManifestAndStoresNothing() {
    byte[] bad = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    assertThat(kind(() -> put("v1", bad))).isEqualTo(ErrorKind.MANIFEST_INVALID);
    assertThat(manifests.tagged(repo, new Tag("v1"))).isEmpty();
    assertThat(manifests.imageIds(repo, Optional.empty(), 10, TagStatus.ANY).items()).isEmpty();
  }

  @Test
  void retagging_movesTheTagAndLeavesTheOldImageUntagged() {
    Digest first = put("latest", index("1")).digest();
    Digest second = put("latest", index("2")).digest();
    assertThat(manifests.tagged(repo, new Tag("latest"))).contains(second);
    assertThat(manifests.imageIds(repo, Optional.empty(), 10, TagStatus.UNTAGGED).items())
        .containsExactly(new ImageRef(first, Optional.empty()));
    assertThat(manifests.describe(repo, Optional.empty(), 10, TagStatus.TAGGED).items())
        .extracting(ImageSummary::digest)
        .containsExactly(second);
  }

  @Test
  void describeAndList_coverEveryImageAcrossPages() {
    for (int i = 0; i < 5; i++) {
      put("t" + i, index("p" + i));
    }
    var first = manifests.describe(repo, Optional.empty(), 2, TagStatus.ANY);
    assertThat(first.items()).hasSize(2);
    var second = manifests.describe(repo, first.next(), 2, TagStatus.ANY);
    var third = manifests.describe(repo, second.next(), 2, TagStatus.ANY);
    assertThat(third.items()).hasSize(1);
    assertThat(third.next()).isEmpty();
    assertThat(manifests.tags(repo, Optional.empty(), 10).items())
        .containsExactly("t0", "t1", "t2", "t3", "t4");
  }

  @Test
  void delete_byTagKeepsTheManifestAndByDigestRemovesItsTags() {
    Digest d = put("v1", index("d")).digest();
    manifests.put(repo, tag("v2"), MediaTypes.OCI_INDEX, index("d"));
    manifests.delete(repo, tag("v1"));
    assertThat(manifests.tagged(repo, new Tag("v1"))).isEmpty();
    assertThat(manifests.exists(repo, d)).isTrue();
    manifests.delete(repo, new Reference.ByDigest(d));
    assertThat(manifests.exists(repo, d)).isFalse();
    assertThat(manifests.tagged(repo, new Tag("v2"))).isEmpty();
    assertThat(kind(() -> manifests.delete(repo, new Reference.ByDigest(d))))
        .isEqualTo(ErrorKind.MANIFEST_UNKNOWN);
    assertThat(kind(() -> manifests.get(repo, tag("v2")))).isEqualTo(ErrorKind.MANIFEST_UNKNOWN);
  }

  @Test
  void deleteImage_byTagRemovesTheImageWithItsLastTag() {
    Digest d = put("v1", index("e")).digest();
    manifests.put(repo, tag("v2"), MediaTypes.OCI_INDEX, index("e"));
    assertThat(manifests.deleteImage(repo, Optional.empty(), Optional.of(new Tag("v1"))))
        .containsExactly(new ImageRef(d, Optional.of("v1")));
    assertThat(manifests.exists(repo, d)).as("another tag remains").isTrue();
    manifests.deleteImage(repo, Optional.empty(), Optional.of(new Tag("v2")));
    assertThat(manifests.exists(repo, d)).as("the last tag took the image").isFalse();
    assertThat(
            kind(() -> manifests.deleteImage(repo, Optional.empty(), Optional.of(new Tag("v2")))))
        .isEqualTo(ErrorKind.MANIFEST_UNKNOWN);
  }
}
