package dev.berth.pullthrough;

import dev.berth.distribution.DistributionClient;
import dev.berth.distribution.DistributionException;
import dev.berth.distribution.FetchedManifest;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.Reference;
import dev.berth.model.Repository;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.ParsedManifest;
import dev.berth.registry.ManifestService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images imported in the background once a client has been answered with their manifest from the
 * upstream. An import fetches an index's child manifests (each checked against its digest), then
 * downloads every config and layer not yet stored ({@link Downloads}, which clients pulling them
 * meanwhile follow), and stores each manifest exactly as received only when all it references is
 * stored: a failure leaves that manifest unstored. While an import runs, the manifests it holds are
 * served from it, so a client that asks again (by tag, or for a child by digest) needs no second
 * fetch.
 */
final class ImageImports {
  private static final Logger LOG = LoggerFactory.getLogger(ImageImports.class);

  private final ConcurrentMap<String, Entry> importing = new ConcurrentHashMap<>();
  private final PullThroughRules rules;
  private final ManifestService manifests;
  private final Downloads downloads;
  private final BiPredicate<Repository, Digest> linked;
  private final Background background;

  ImageImports(
      PullThroughRules rules,
      ManifestService manifests,
      Downloads downloads,
      BiPredicate<Repository, Digest> linked,
      Background background) {
    this.background = background;
    this.rules = rules;
    this.manifests = manifests;
    this.downloads = downloads;
    this.linked = linked;
  }

  /** The manifest an import under way holds under the reference. */
  Optional<FetchedManifest> importing(Repository repo, Reference reference) {
    return Optional.ofNullable(importing.get(key(repo, reference))).map(Entry::manifest);
  }

  /**
   * Imports the manifest under the reference on a virtual thread, unless an import of that
   * reference is under way; {@code onStored} runs once it is stored. A manifest that does not parse
   * is refused here, before the client is answered with it.
   */
  void start(
      Repository repo,
      RuleMatch match,
      FetchedManifest manifest,
      Reference reference,
      Runnable onStored) {
    ManifestParser.parse(manifest.mediaType(), manifest.bytes());
    String key = key(repo, reference);
    Entry mine = new Entry(manifest, new CompletableFuture<>());
    if (importing.putIfAbsent(key, mine) != null) {
      return;
    }
    String byDigest = key(repo, new Reference.ByDigest(manifest.digest()));
    boolean digestToo = !byDigest.equals(key) && importing.putIfAbsent(byDigest, mine) == null;
    Runnable done =
        () -> {
          importing.remove(key, mine);
          if (digestToo) {
            importing.remove(byDigest, mine);
          }
        };
    try {
      background.start(
          "pull-through-import",
          () -> {
            try {
              store(rules.client(match.rule()), repo, match, manifest, reference);
              onStored.run();
              mine.done().complete(null);
            } catch (RuntimeException e) {
              mine.done().completeExceptionally(e);
              if (!background.closed()) {
                LOG.warn(
                    "failed to import image from upstream repository={} reference={} error={}",
                    repo.name().value(),
                    reference,
                    e.getMessage());
              }
            } finally {
              done.run();
            }
          });
    } catch (RuntimeException e) {
      mine.done().completeExceptionally(e);
      done.run();
      throw e;
    }
  }

  private void store(
      DistributionClient client,
      Repository repo,
      RuleMatch match,
      FetchedManifest manifest,
      Reference reference) {
    ParsedManifest parsed = ManifestParser.parse(manifest.mediaType(), manifest.bytes());
    if (parsed.isIndex()) {
      storeChildren(client, repo, match, parsed);
    } else {
      List<Download> pending = new ArrayList<>();
      List<Descriptor> blobs = new ArrayList<>();
      parsed.config().ifPresent(blobs::add);
      parsed.layers().stream()
          .filter(l -> !MediaTypes.FOREIGN_LAYERS.contains(l.mediaType()))
          .forEach(blobs::add);
      for (Descriptor d : blobs) {
        if (!linked.test(repo, d.digest())) {
          pending.add(
              downloads.start(
                  repo,
                  d.digest(),
                  OptionalLong.of(d.size()),
                  () ->
                      rules.client(match.rule()).openBlob(match.upstreamRepository(), d.digest())));
        }
      }
      for (Download d : pending) {
        if (!d.awaitEnd()) {
          throw new DistributionException("failed to download a blob of " + manifest.digest());
        }
      }
    }
    manifests.put(repo, reference, manifest.mediaType(), manifest.bytes());
  }

  /**
   * Stores an index's missing children: each fetched (checked against its digest) and held for
   * clients first, then stored; a child another import holds is waited for instead.
   */
  private void storeChildren(
      DistributionClient client, Repository repo, RuleMatch match, ParsedManifest index) {
    List<String> held = new ArrayList<>();
    List<Entry> mine = new ArrayList<>();
    List<Entry> others = new ArrayList<>();
    try {
      for (Descriptor child : index.manifests()) {
        if (manifests.exists(repo, child.digest())) {
          continue;
        }
        String key = key(repo, new Reference.ByDigest(child.digest()));
        Entry under = importing.get(key);
        if (under == null) {
          Entry e = new Entry(fetch(client, match, child.digest()), new CompletableFuture<>());
          under = importing.putIfAbsent(key, e);
          if (under == null) {
            held.add(key);
            mine.add(e);
            continue;
          }
        }
        others.add(under);
      }
      for (Entry e : mine) {
        try {
          store(client, repo, match, e.manifest(), new Reference.ByDigest(e.manifest().digest()));
          e.done().complete(null);
        } catch (RuntimeException failure) {
          e.done().completeExceptionally(failure);
          throw failure;
        }
      }
      for (Entry e : others) {
        e.done().exceptionally(x -> null).join();
        if (!manifests.exists(repo, e.manifest().digest())) {
          throw new DistributionException("failed to import child " + e.manifest().digest());
        }
      }
    } finally {
      DistributionException stopped = new DistributionException("the import of the index failed");
      mine.forEach(e -> e.done().completeExceptionally(stopped));
      held.forEach(importing::remove);
    }
  }

  private static FetchedManifest fetch(DistributionClient client, RuleMatch match, Digest digest) {
    FetchedManifest m =
        client
            .manifest(match.upstreamRepository(), digest.toString())
            .orElseThrow(
                () -> new DistributionException("upstream lacks child manifest " + digest));
    if (!m.digest().equals(digest)) {
      throw new DistributionException(
          "upstream sent a child manifest that does not match " + digest);
    }
    return m;
  }

  /** A manifest being imported, and the end of its import. */
  private record Entry(FetchedManifest manifest, CompletableFuture<Void> done) {}

  private static String key(Repository repo, Reference reference) {
    return repo.id() + (reference instanceof Reference.ByTag ? ":" : "@") + reference;
  }
}
