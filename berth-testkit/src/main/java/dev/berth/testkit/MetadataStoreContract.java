package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.Hashing;
import dev.berth.common.Ids;
import dev.berth.meta.AccessKey;
import dev.berth.meta.ManifestReference;
import dev.berth.meta.UploadSession;
import dev.berth.model.AccountId;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Page;
import dev.berth.model.ReferrerQuery;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.model.RepositorySettings;
import dev.berth.model.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The behaviour every metadata backend promises; a backend test supplies a fresh store. */
public abstract class MetadataStoreContract extends MetadataFixture {

  static ManifestRecord manifest(String body, Optional<Digest> subject) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new ManifestRecord(
        Digest.sha256(Hashing.sha256().digest(bytes)),
        "application/vnd.oci.image.manifest.v1+json",
        bytes,
        Optional.of("application/vnd.example+json"),
        subject,
        NOW,
        Optional.empty());
  }

  @Test
  void accounts_ensureIsIdempotent() {
    meta.accounts().ensure(ACCOUNT, NOW);
    assertThat(meta.accounts().exists(ACCOUNT)).isTrue();
    assertThat(meta.accounts().exists(new AccountId("999999999999"))).isFalse();
  }

  @Test
  void accounts_listEveryAccountOnceInIdOrder() {
    meta.accounts().ensure(new AccountId("999999999999"), NOW);
    meta.accounts().ensure(new AccountId("100000000000"), NOW);
    meta.accounts().ensure(new AccountId("999999999999"), NOW);
    assertThat(meta.accounts().list())
        .containsExactly(new AccountId("100000000000"), ACCOUNT, new AccountId("999999999999"));
  }

  @Test
  void repositories_createFindAndRejectDuplicates() {
    Repository r = repo("team/app");
    assertThat(meta.repositories().find(REGISTRY, new RepositoryName("team/app"))).contains(r);
    Repository dup =
        new Repository(
            Ids.uuid(),
            REGISTRY,
            new RepositoryName("team/app"),
            NOW,
            RepositorySettings.defaults());
    assertThat(meta.repositories().create(dup)).isFalse();
    assertThat(meta.repositories().find(REGISTRY, new RepositoryName("team/other"))).isEmpty();
  }

  @Test
  void repositories_settingsRoundTripAndUpdate() {
    Repository r = repo("team/app");
    RepositorySettings s =
        new RepositorySettings(
            dev.berth.model.ImageTagMutability.IMMUTABLE_WITH_EXCLUSION,
            List.of("dev-*", "latest"),
            true,
            "KMS",
            Optional.of("arn:aws:kms:us-east-1:123456789012:key/abc"));
    assertThat(meta.repositories().updateSettings(r.id(), s)).isTrue();
    Repository found = meta.repositories().find(REGISTRY, r.name()).orElseThrow();
    assertThat(found.settings()).isEqualTo(s);
    assertThat(found.settings().isImmutable("v1")).isTrue();
    assertThat(found.settings().isImmutable("dev-123")).isFalse();
  }

  @Test
  void resourceTags_putOverwriteRemove() {
    String arn = "arn:aws:ecr:us-east-1:123456789012:repository/team/app";
    meta.resourceTags().put(arn, java.util.Map.of("team", "a", "env", "dev"));
    meta.resourceTags().put(arn, java.util.Map.of("env", "prod"));
    assertThat(meta.resourceTags().tags(arn))
        .containsExactly(java.util.Map.entry("env", "prod"), java.util.Map.entry("team", "a"));
    meta.resourceTags().remove(arn, List.of("team", "absent"));
    assertThat(meta.resourceTags().tags(arn)).containsOnlyKeys("env");
    meta.resourceTags().removeAll(arn);
    assertThat(meta.resourceTags().tags(arn)).isEmpty();
  }

  @Test
  void describeAndListImageIds_paginateAndFilterByTagStatus() {
    Repository r = repo("team/app");
    ManifestRecord a = manifest("{\"a\":1}", Optional.empty());
    ManifestRecord b = manifest("{\"b\":1}", Optional.empty());
    ManifestRecord c = manifest("{\"c\":1}", Optional.empty());
    meta.images()
        .insertManifest(
            r.id(),
            a,
            List.of(
                new ManifestReference(
                    ManifestReference.Kind.CONFIG,
                    0,
                    digest("cfg"),
                    "application/vnd.oci.image.config.v1+json",
                    10),
                new ManifestReference(ManifestReference.Kind.LAYER, 0, digest("l1"), "x/y", 100),
                new ManifestReference(ManifestReference.Kind.LAYER, 1, digest("l2"), "x/y", 50)));
    meta.images().insertManifest(r.id(), b, List.of());
    meta.images().insertManifest(r.id(), c, List.of());
    meta.images().putTag(r.id(), new Tag("v1"), a.digest(), NOW);
    meta.images().putTag(r.id(), new Tag("v2"), a.digest(), NOW);
    meta.images().putTag(r.id(), new Tag("b"), b.digest(), NOW);
    var all = meta.images().describe(r.id(), Optional.empty(), 10, dev.berth.model.TagStatus.ANY);
    assertThat(all.items()).hasSize(3);
    var described = meta.images().describe(r.id(), List.of(a.digest())).get(0);
    assertThat(described.tags()).containsExactly("v1", "v2");
    assertThat(described.size()).isEqualTo(150);
    assertThat(described.configMediaType()).contains("application/vnd.oci.image.config.v1+json");
    assertThat(
            meta.images()
                .describe(r.id(), Optional.empty(), 10, dev.berth.model.TagStatus.UNTAGGED)
                .items())
        .extracting(dev.berth.model.ImageSummary::digest)
        .containsExactly(c.digest());
    var first = meta.images().describe(r.id(), Optional.empty(), 2, dev.berth.model.TagStatus.ANY);
    var second = meta.images().describe(r.id(), first.next(), 2, dev.berth.model.TagStatus.ANY);
    assertThat(first.items().size() + second.items().size()).isEqualTo(3);
    assertThat(second.next()).isEmpty();
    java.util.List<dev.berth.model.ImageRef> refs = new java.util.ArrayList<>();
    Optional<String> after = Optional.empty();
    do {
      var page = meta.images().listImageIds(r.id(), after, 2, dev.berth.model.TagStatus.ANY);
      refs.addAll(page.items());
      after = page.next();
    } while (after.isPresent());
    assertThat(refs).hasSize(4);
    assertThat(refs)
        .filteredOn(x -> x.tag().isEmpty())
        .extracting(dev.berth.model.ImageRef::digest)
        .containsExactly(c.digest());
    assertThat(
            meta.images()
                .listImageIds(r.id(), Optional.empty(), 10, dev.berth.model.TagStatus.TAGGED)
                .items())
        .hasSize(3);
  }

  @Test
  void usage_countsManifestsAndSharedBlobsOnce() {
    Repository r = repo("team/usage");
    assertThat(meta.images().usage(r.id())).isEqualTo(new dev.berth.model.RepositoryUsage(0, 0));
    ManifestReference config =
        new ManifestReference(
            ManifestReference.Kind.CONFIG, 0, digest("cfg"), "application/json", 10);
    ManifestReference shared =
        new ManifestReference(ManifestReference.Kind.LAYER, 0, digest("shared"), "x/y", 100);
    meta.images()
        .insertManifest(r.id(), manifest("{\"a\":1}", Optional.empty()), List.of(config, shared));
    meta.images()
        .insertManifest(
            r.id(),
            manifest("{\"b\":1}", Optional.empty()),
            List.of(
                config,
                shared,
                new ManifestReference(ManifestReference.Kind.LAYER, 1, digest("own"), "x/y", 7)));
    assertThat(meta.images().usage(r.id())).isEqualTo(new dev.berth.model.RepositoryUsage(2, 117));
  }

  @Test
  void repositories_listPagesInNameOrder() {
    for (String n : List.of("cc", "aa", "bb", "dd")) {
      repo(n);
    }
    Page<Repository> first = meta.repositories().list(REGISTRY, Optional.empty(), 3);
    assertThat(first.items()).extracting(r -> r.name().value()).containsExactly("aa", "bb", "cc");
    assertThat(first.next()).contains("cc");
    Page<Repository> second = meta.repositories().list(REGISTRY, first.next(), 3);
    assertThat(second.items()).extracting(r -> r.name().value()).containsExactly("dd");
    assertThat(second.next()).isEmpty();
  }

  @Test
  void manifests_keepExactBytesAndResolveTags() {
    Repository r = repo("team/app");
    ManifestRecord m = manifest("{ \"schemaVersion\" : 2 }", Optional.empty());
    assertThat(meta.images().insertManifest(r.id(), m, List.of())).isTrue();
    assertThat(meta.images().insertManifest(r.id(), m, List.of())).isFalse();
    ManifestRecord found = meta.images().findManifest(r.id(), m.digest()).orElseThrow();
    assertThat(found.content()).isEqualTo(m.content());
    assertThat(found.mediaType()).isEqualTo(m.mediaType());
    assertThat(found.artifactType()).isEqualTo(m.artifactType());
    assertThat(meta.images().putTag(r.id(), new Tag("v1"), m.digest(), NOW)).isEmpty();
    assertThat(meta.images().findTag(r.id(), new Tag("v1"))).contains(m.digest());
    assertThat(meta.images().findByTag(r.id(), new Tag("v1")).orElseThrow().content())
        .isEqualTo(m.content());
    assertThat(meta.images().findByTag(r.id(), new Tag("v2"))).isEmpty();
    ManifestRecord other = manifest("{\"schemaVersion\":2}", Optional.empty());
    meta.images().insertManifest(r.id(), other, List.of());
    assertThat(meta.images().putTag(r.id(), new Tag("v1"), other.digest(), NOW))
        .contains(m.digest());
    assertThat(meta.images().tagsOf(r.id(), other.digest())).containsExactly("v1");
  }

  @Test
  void deleteManifest_removesItsTagsButNotOthers() {
    Repository r = repo("team/app");
    ManifestRecord a = manifest("{\"a\":1}", Optional.empty());
    ManifestRecord b = manifest("{\"b\":1}", Optional.empty());
    meta.images()
        .insertManifest(
            r.id(),
            a,
            List.of(new ManifestReference(ManifestReference.Kind.LAYER, 0, digest("l"), "x/y", 1)));
    meta.images().insertManifest(r.id(), b, List.of());
    meta.images().putTag(r.id(), new Tag("a1"), a.digest(), NOW);
    meta.images().putTag(r.id(), new Tag("a2"), a.digest(), NOW);
    meta.images().putTag(r.id(), new Tag("b1"), b.digest(), NOW);
    assertThat(meta.images().deleteManifest(r.id(), a.digest())).isTrue();
    assertThat(meta.images().deleteManifest(r.id(), a.digest())).isFalse();
    assertThat(meta.images().listTags(r.id(), Optional.empty(), 10).items()).containsExactly("b1");
    assertThat(meta.images().countManifests(r.id())).isEqualTo(1);
  }

  @Test
  void tags_listPagesLexically() {
    Repository r = repo("team/app");
    ManifestRecord m = manifest("{}", Optional.empty());
    meta.images().insertManifest(r.id(), m, List.of());
    for (String t : List.of("b", "a", "c", "A")) {
      meta.images().putTag(r.id(), new Tag(t), m.digest(), NOW);
    }
    Page<String> p = meta.images().listTags(r.id(), Optional.empty(), 2);
    assertThat(p.items()).containsExactly("A", "a");
    assertThat(p.next()).contains("a");
    assertThat(meta.images().listTags(r.id(), p.next(), 2).items()).containsExactly("b", "c");
    assertThat(meta.images().listTags(r.id(), Optional.empty(), 0).items()).isEmpty();
  }

  @Test
  void referrers_areFoundBySubject() {
    Repository r = repo("team/app");
    Digest subject = digest("subject");
    ManifestRecord ref1 = manifest("{\"r\":1}", Optional.of(subject));
    ManifestRecord ref2 = manifest("{\"r\":2}", Optional.of(subject));
    ManifestRecord unrelated = manifest("{\"r\":3}", Optional.empty());
    for (ManifestRecord m : List.of(ref1, ref2, unrelated)) {
      meta.images().insertManifest(r.id(), m, List.of(), Map.of("note", "n"));
    }
    Page<Descriptor> page =
        meta.images()
            .referrers(
                r.id(), subject, new ReferrerQuery(Optional.empty(), Optional.empty(), 10, 1000));
    assertThat(page.items())
        .extracting(Descriptor::digest)
        .containsExactlyInAnyOrder(ref1.digest(), ref2.digest());
    assertThat(page.next()).isEmpty();
    Descriptor d = page.items().get(0);
    assertThat(d.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(d.size()).isEqualTo(ref1.size());
    assertThat(d.artifactType()).contains("application/vnd.example+json");
    assertThat(d.annotations()).containsExactly(Map.entry("note", "n"));
  }

  /** Issue 9, item 7: a page is bounded by its count and by its annotation bytes. */
  @Test
  void referrers_arePagedByCountAndAnnotationBytes() {
    Repository r = repo("team/app");
    Digest subject = digest("subject");
    List<Digest> digests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ManifestRecord m = manifest("{\"r\":" + i + "}", Optional.of(subject));
      meta.images().insertManifest(r.id(), m, List.of(), Map.of("pad", "x".repeat(100)));
      digests.add(m.digest());
    }
    digests.sort(java.util.Comparator.comparing(Digest::toString));
    Page<Descriptor> first =
        meta.images()
            .referrers(
                r.id(), subject, new ReferrerQuery(Optional.empty(), Optional.empty(), 2, 10_000));
    assertThat(first.items())
        .extracting(Descriptor::digest)
        .containsExactly(digests.get(0), digests.get(1));
    assertThat(first.next()).contains(digests.get(1).toString());
    Page<Descriptor> rest =
        meta.images()
            .referrers(r.id(), subject, new ReferrerQuery(Optional.empty(), first.next(), 10, 250));
    assertThat(rest.items())
        .extracting(Descriptor::digest)
        .containsExactly(digests.get(2), digests.get(3));
    Page<Descriptor> tiny =
        meta.images()
            .referrers(r.id(), subject, new ReferrerQuery(Optional.empty(), rest.next(), 10, 1));
    assertThat(tiny.items()).extracting(Descriptor::digest).containsExactly(digests.get(4));
    assertThat(tiny.next()).isEmpty();
    Page<Descriptor> bare =
        meta.images()
            .referrers(
                r.id(), subject, new ReferrerQuery(Optional.empty(), Optional.empty(), 10, 0));
    assertThat(bare.items()).hasSize(5).allSatisfy(d -> assertThat(d.annotations()).isEmpty());
    assertThat(
            meta.images()
                .referrers(
                    r.id(),
                    subject,
                    new ReferrerQuery(Optional.of("application/other"), Optional.empty(), 10, 0))
                .items())
        .isEmpty();
  }

  @Test
  void referrers_goWithTheirManifest() {
    Repository r = repo("team/app");
    Digest subject = digest("subject");
    ManifestRecord m = manifest("{\"r\":1}", Optional.of(subject));
    meta.images().insertManifest(r.id(), m, List.of(), Map.of("k", "v"));
    assertThat(meta.images().deleteManifest(r.id(), m.digest())).isTrue();
    assertThat(meta.images().insertManifest(r.id(), m, List.of(), Map.of("k", "w"))).isTrue();
    assertThat(
            meta.images()
                .referrers(
                    r.id(), subject, new ReferrerQuery(Optional.empty(), Optional.empty(), 10, 100))
                .items())
        .singleElement()
        .satisfies(d -> assertThat(d.annotations()).containsExactly(Map.entry("k", "w")));
  }

  @Test
  void recordPull_setsLastPulledAt() {
    Repository r = repo("team/app");
    ManifestRecord m = manifest("{}", Optional.empty());
    meta.images().insertManifest(r.id(), m, List.of());
    Instant later = NOW.plus(1, ChronoUnit.HOURS);
    meta.images().recordPull(r.id(), m.digest(), later);
    assertThat(meta.images().findManifest(r.id(), m.digest()).orElseThrow().lastPulledAt())
        .contains(later);
  }

  @Test
  void blobs_areVisibleToARepositoryOnlyThroughLinks() {
    Repository a = repo("team/a");
    Repository b = repo("team/b");
    Digest d = digest("layer");
    meta.blobs().recordBlob(d, 42, NOW);
    meta.blobs().recordBlob(d, 42, NOW);
    meta.blobs().link(a.id(), d, NOW);
    meta.blobs().link(a.id(), d, NOW);
    assertThat(meta.blobs().blobSize(d)).contains(42L);
    assertThat(meta.blobs().linkedSize(a.id(), d)).contains(42L);
    assertThat(meta.blobs().linkedSize(b.id(), d)).isEmpty();
    assertThat(meta.blobs().unlinked(b.id(), List.of(d))).containsExactly(d);
    assertThat(meta.blobs().unlinked(a.id(), List.of(d, digest("x")))).containsExactly(digest("x"));
    assertThat(meta.blobs().unlink(a.id(), d)).isTrue();
    assertThat(meta.blobs().unlink(a.id(), d)).isFalse();
  }

  /** Issue 11: the gauges of stored blobs and open uploads count every row of the database. */
  @Test
  void totals_countEveryBlobRowAndOpenSession() {
    assertThat(meta.blobs().totals()).isEqualTo(new dev.berth.meta.BlobIndex.BlobTotals(0, 0));
    assertThat(meta.uploads().countAll()).isZero();
    Repository a = repo("team/a");
    Repository b = repo("team/b");
    meta.blobs().recordBlob(digest("one"), 42, NOW);
    meta.blobs().recordBlob(digest("two"), 1000, NOW);
    meta.blobs().recordBlob(digest("two"), 1000, NOW);
    meta.uploads().create(new UploadSession("ua", a.id(), 0, NOW, NOW), "owner-a");
    meta.uploads().create(new UploadSession("ub", b.id(), 0, NOW, NOW), "owner-b");
    assertThat(meta.blobs().totals()).isEqualTo(new dev.berth.meta.BlobIndex.BlobTotals(2, 1042));
    assertThat(meta.uploads().countAll()).isEqualTo(2);
    meta.uploads().delete("ua");
    assertThat(meta.uploads().countAll()).isEqualTo(1);
  }

  /** The guards of issue 9, items 10 to 12: sizes, references, repository and session ids. */
  @Test
  void integrityQueries_answerForOneRepositoryOnly() {
    Repository a = repo("team/a");
    Repository b = repo("team/b");
    Digest layer = digest("layer");
    Digest config = digest("cfg");
    meta.blobs().recordBlob(layer, 53, NOW);
    meta.blobs().recordBlob(config, 2, NOW);
    meta.blobs().link(a.id(), layer, NOW);
    meta.blobs().link(a.id(), config, NOW);
    assertThat(meta.blobs().linkedSizes(a.id(), List.of(layer, config, digest("x"))))
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(layer, 53L, config, 2L));
    assertThat(meta.blobs().linkedSizes(b.id(), List.of(layer))).isEmpty();
    ManifestRecord m = manifest("{\"a\":1}", Optional.empty());
    meta.images()
        .insertManifest(
            a.id(),
            m,
            List.of(
                new ManifestReference(ManifestReference.Kind.CONFIG, 0, config, "x/c", 2),
                new ManifestReference(ManifestReference.Kind.LAYER, 0, layer, "x/y", 53)));
    assertThat(meta.images().isBlobReferenced(a.id(), layer)).isTrue();
    assertThat(meta.images().isBlobReferenced(a.id(), config)).isTrue();
    assertThat(meta.images().isBlobReferenced(b.id(), layer)).isFalse();
    assertThat(meta.images().isBlobReferenced(a.id(), digest("x"))).isFalse();
    meta.uploads().create(new UploadSession("ua", a.id(), 0, NOW, NOW), "owner");
    meta.uploads().create(new UploadSession("ub", b.id(), 0, NOW, NOW), "owner");
    assertThat(meta.uploads().idsOf(a.id())).containsExactly("ua");
    assertThat(meta.repositories().exists(a.id())).isTrue();
    meta.repositories().delete(a.id());
    assertThat(meta.repositories().exists(a.id())).isFalse();
    assertThat(meta.repositories().exists(b.id())).isTrue();
    assertThat(meta.uploads().idsOf(a.id())).isEmpty();
  }

  @Test
  void uploads_advanceOnlyFromTheExpectedOffset() {
    Repository r = repo("team/app");
    UploadSession s = new UploadSession("u1", r.id(), 0, NOW, NOW);
    meta.uploads().create(s, "arn:aws:iam::000000000000:root");
    assertThat(
            meta.uploads()
                .advance("u1", 0, s.advanced(100, "t1", new byte[] {1}, NOW.plusSeconds(1))))
        .isTrue();
    assertThat(
            meta.uploads()
                .advance("u1", 0, s.advanced(200, "t2", new byte[] {2}, NOW.plusSeconds(2))))
        .isFalse();
    UploadSession found = meta.uploads().find("u1").orElseThrow();
    assertThat(found.offset()).isEqualTo(100);
    assertThat(found.stagingToken()).as("the store's staging record").isEqualTo("t1");
    assertThat(found.hashState()).as("the saved running hash").containsExactly(1);
    assertThat(found.updatedAt()).isEqualTo(NOW.plusSeconds(1));
    assertThat(meta.uploads().idleSince(NOW.plusSeconds(10)))
        .extracting(UploadSession::id)
        .containsExactly("u1");
    assertThat(meta.uploads().idleSince(NOW)).isEmpty();
    assertThat(meta.uploads().delete("u1")).isTrue();
    assertThat(meta.uploads().find("u1")).isEmpty();
  }

  /** Issue 9, item 9: open sessions are counted per repository and per owner. */
  @Test
  void uploads_areCountedPerRepositoryAndOwner() {
    Repository a = repo("team/a");
    Repository b = repo("team/b");
    meta.uploads().create(new UploadSession("c1", a.id(), 0, NOW, NOW), "alice");
    meta.uploads().create(new UploadSession("c2", a.id(), 0, NOW, NOW), "bob");
    meta.uploads().create(new UploadSession("c3", b.id(), 0, NOW, NOW), "alice");
    assertThat(meta.uploads().countInRepository(a.id())).isEqualTo(2);
    assertThat(meta.uploads().countInRepository(b.id())).isEqualTo(1);
    assertThat(meta.uploads().countByOwner("alice")).isEqualTo(2);
    assertThat(meta.uploads().countByOwner("carol")).isZero();
    meta.uploads().delete("c1");
    meta.uploads().delete("c2");
    meta.uploads().delete("c3");
    assertThat(meta.uploads().countByOwner("alice")).isZero();
  }

  @Test
  void deleteRepository_removesEverythingItOwns() {
    Repository r = repo("team/app");
    ManifestRecord m = manifest("{}", Optional.empty());
    Digest d = digest("layer");
    meta.blobs().recordBlob(d, 1, NOW);
    meta.blobs().link(r.id(), d, NOW);
    meta.images()
        .insertManifest(
            r.id(),
            m,
            List.of(new ManifestReference(ManifestReference.Kind.LAYER, 0, d, "x/y", 1)));
    meta.images().putTag(r.id(), new Tag("v1"), m.digest(), NOW);
    meta.uploads().create(new UploadSession("u2", r.id(), 0, NOW, NOW), "owner");
    assertThat(meta.repositories().delete(r.id())).isTrue();
    assertThat(meta.repositories().find(REGISTRY, r.name())).isEmpty();
    assertThat(meta.images().findManifest(r.id(), m.digest())).isEmpty();
    assertThat(meta.uploads().find("u2")).isEmpty();
    assertThat(meta.blobs().linkedSize(r.id(), d)).isEmpty();
    assertThat(meta.blobs().blobSize(d))
        .as("blob rows outlive repositories (GC decides)")
        .contains(1L);
  }

  @Test
  void transaction_rollsBackEverythingOnFailure() {
    Repository r = repo("team/app");
    Digest d = digest("layer");
    assertThatThrownBy(
            () ->
                meta.transactions()
                    .run(
                        () -> {
                          meta.blobs().recordBlob(d, 1, NOW);
                          meta.blobs().link(r.id(), d, NOW);
                          throw new IllegalStateException("boom");
                        }))
        .hasMessage("boom");
    assertThat(meta.blobs().blobSize(d)).isEmpty();
    assertThat(meta.blobs().linkedSize(r.id(), d)).isEmpty();
  }

  @Test
  void accessKeys_storeCiphertextAndFindByIdAndPrincipal() {
    AccessKey k =
        new AccessKey("AKIAEXAMPLE0000001", ACCOUNT, "root", new byte[] {1, 2, 3}, true, NOW);
    meta.accessKeys().create(k);
    AccessKey found = meta.accessKeys().find("AKIAEXAMPLE0000001").orElseThrow();
    assertThat(found.secretCiphertext()).containsExactly(1, 2, 3);
    assertThat(found.active()).isTrue();
    assertThat(meta.accessKeys().ofPrincipal(ACCOUNT, "root")).hasSize(1);
    assertThat(meta.accessKeys().ofPrincipal(ACCOUNT, "alice")).isEmpty();
  }

  private static dev.berth.auth.BrowserSession browser(String key, String arn, Instant expires) {
    return new dev.berth.auth.BrowserSession(
        key, ACCOUNT, arn, "alice", "AKIAEXAMPLE", "USER", arn, "csrf-" + key, NOW, expires);
  }

  /** Issue 12: browser sessions, their one-shot notice, expiry and the per-principal cap. */
  @Test
  void browserSessions_roundTripExpireAndAreCappedOldestFirst() {
    var store = meta.browserSessions();
    String alice = "arn:aws:iam::" + ACCOUNT.value() + ":user/alice";
    Instant later = NOW.plus(1, ChronoUnit.HOURS);
    store.create(browser("k1", alice, later), 2, 100);
    assertThat(store.find("k1", NOW)).contains(browser("k1", alice, later));
    assertThat(store.find("nope", NOW)).isEmpty();

    store.setNotice("k1", new dev.berth.auth.BrowserSessionStore.Notice("ok", "Saved."));
    assertThat(store.takeNotice("k1"))
        .contains(new dev.berth.auth.BrowserSessionStore.Notice("ok", "Saved."));
    assertThat(store.takeNotice("k1")).isEmpty();

    store.create(browser("k2", alice, later), 2, 100);
    store.create(browser("k3", alice, later), 2, 100);
    assertThat(store.find("k1", NOW)).as("the oldest of a principal at its cap").isEmpty();
    assertThat(store.find("k2", NOW)).isPresent();
    assertThat(store.count()).isEqualTo(2);

    String bob = "arn:aws:iam::" + ACCOUNT.value() + ":user/bob";
    store.create(browser("k4", bob, NOW.plusSeconds(1)), 2, 2);
    assertThat(store.count()).as("the store at its cap ends the busiest's oldest").isEqualTo(2);
    assertThat(store.find("k2", NOW)).isEmpty();
    assertThat(store.find("k4", NOW.plusSeconds(1))).as("expired at its end").isEmpty();
    assertThat(store.count()).isEqualTo(1);
    store.remove("k3");
    assertThat(store.find("k3", NOW)).isEmpty();
    assertThat(store.purgeExpired(NOW)).isZero();
  }
}
