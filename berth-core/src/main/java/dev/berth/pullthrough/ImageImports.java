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

  private final ConcurrentMap<String, FetchedManifest> importing = new ConcurrentHashMap<>();
  private final PullThroughRules rules;
  private final ManifestService manifests;
  private final Downloads downloads;
  private final BiPredicate<Repository, Digest> linked;

  ImageImports(
      PullThroughRules rules,
      ManifestService manifests,
      Downloads downloads,
      BiPredicate<Repository, Digest> linked) {
    this.rules = rules;
    this.manifests = manifests;
    this.downloads = downloads;
    this.linked = linked;
  }

  /** The manifest an import under way holds under the reference. */
  Optional<FetchedManifest> importing(Repository repo, Reference reference) {
    return Optional.ofNullable(importing.get(key(repo, reference)));
  }

  /**
   * Imports the manifest under the reference on a virtual thread, unless an import of that
   * reference is under way; {@code onStored} runs once it is stored.
   */
  void start(
      Repository repo,
      RuleMatch match,
      FetchedManifest manifest,
      Reference reference,
      Runnable onStored) {
    String key = key(repo, reference);
    if (importing.putIfAbsent(key, manifest) != null) {
      return;
    }
    String byDigest = key(repo, new Reference.ByDigest(manifest.digest()));
    boolean digestToo = !byDigest.equals(key) && importing.putIfAbsent(byDigest, manifest) == null;
    Thread.ofVirtual()
        .name("pull-through-import")
        .start(
            () -> {
              try {
                store(rules.client(match.rule()), repo, match, manifest, reference);
                onStored.run();
              } catch (RuntimeException e) {
                LOG.warn(
                    "failed to import image from upstream repository={} reference={} error={}",
                    repo.name().value(),
                    reference,
                    e.getMessage());
              } finally {
                importing.remove(key, manifest);
                if (digestToo) {
                  importing.remove(byDigest, manifest);
                }
              }
            });
  }

  private void store(
      DistributionClient client,
      Repository repo,
      RuleMatch match,
      FetchedManifest manifest,
      Reference reference) {
    ParsedManifest parsed = ManifestParser.parse(manifest.mediaType(), manifest.bytes());
    if (parsed.isIndex()) {
      List<String> held = new ArrayList<>();
      try {
        List<FetchedManifest> children = new ArrayList<>();
        for (Descriptor child : parsed.manifests()) {
          if (!manifests.exists(repo, child.digest())) {
            children.add(child(client, repo, match, child.digest(), held));
          }
        }
        for (FetchedManifest child : children) {
          store(client, repo, match, child, new Reference.ByDigest(child.digest()));
        }
      } finally {
        held.forEach(importing::remove);
      }
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

  /** A child manifest, fetched and held (its key added to {@code held}) for clients meanwhile. */
  private FetchedManifest child(
      DistributionClient client,
      Repository repo,
      RuleMatch match,
      Digest digest,
      List<String> held) {
    String key = key(repo, new Reference.ByDigest(digest));
    FetchedManifest under = importing.get(key);
    if (under != null) {
      return under;
    }
    FetchedManifest m =
        client
            .manifest(match.upstreamRepository(), digest.toString())
            .orElseThrow(
                () -> new DistributionException("upstream lacks child manifest " + digest));
    if (!m.digest().equals(digest)) {
      throw new DistributionException(
          "upstream sent a child manifest that does not match " + digest);
    }
    if (importing.putIfAbsent(key, m) == null) {
      held.add(key);
    }
    return m;
  }

  private static String key(Repository repo, Reference reference) {
    return repo.id() + (reference instanceof Reference.ByTag ? ":" : "@") + reference;
  }
}
