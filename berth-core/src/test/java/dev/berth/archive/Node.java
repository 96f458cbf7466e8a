package dev.berth.archive;

import dev.berth.blob.BlobStore;
import dev.berth.blob.BlobTiers.Tier;
import dev.berth.blob.fs.FileBlobStore;
import dev.berth.common.Hashing;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.ImageState;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.oci.MediaTypes;
import dev.berth.registry.BlobService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;
import dev.berth.upload.UploadService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The real services of one node over SQLite and the filesystem store, its archive tier in a second
 * directory, for the archive tests; reopening on the same directories is a restart.
 */
final class Node implements AutoCloseable {
  static final AccountId ACCOUNT = new AccountId("111122223333");
  static final RegistryId REGISTRY = new RegistryId(ACCOUNT, "us-east-1");

  final MutableClock clock;
  final MetadataStore meta;
  final BlobStore blobs;
  final RepositoryService repositories;
  final ManifestService manifests;
  final BlobService blobService;
  final UploadService uploads;
  final ArchiveService archive;

  Node(Path data, Path archiveDir, MutableClock clock) {
    this.clock = clock;
    this.meta = JdbcMetadata.open("jdbc:sqlite:" + data.resolve("berth.db"));
    this.blobs = new FileBlobStore(data, archiveDir);
    this.repositories = new RepositoryService(meta, blobs, clock);
    this.manifests = new ManifestService(meta, clock);
    this.blobService = new BlobService(meta, blobs);
    this.uploads = new UploadService(meta, blobs, clock);
    this.archive = new ArchiveService(meta, blobs, clock);
  }

  Repository repository(String name) {
    return repositories
        .find(REGISTRY, RepositoryService.name(name))
        .orElseGet(
            () ->
                repositories.create(
                    REGISTRY, RepositoryService.name(name), ImageTagMutability.MUTABLE, false));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Digest digestOf(byte[] b) {
    return Digest.sha256(Hashing.sha256().digest(b));
  }

  /** Uploads the blob into the repository (a push's blob step). */
  Digest upload(Repository repo, byte[] content) {
    Digest d = digestOf(content);
    uploads.upload(repo, "tester", d, new ByteArrayInputStream(content));
    return d;
  }

  /** An OCI image manifest of a config and layers already in the repository. */
  static byte[] manifest(Digest config, int configSize, List<Digest> layers, List<Integer> sizes) {
    StringBuilder b =
        new StringBuilder(
            "{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + config
                + "\",\"size\":"
                + configSize
                + "},\"layers\":[");
    for (int i = 0; i < layers.size(); i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"")
          .append(layers.get(i))
          .append("\",\"size\":")
          .append(sizes.get(i))
          .append('}');
    }
    return bytes(b.append("]}").toString());
  }

  /** Pushes an image of a config and the given layer contents under the tag; its digest. */
  Digest push(Repository repo, String tag, String config, String... layers) {
    byte[] cfg = bytes(config);
    Digest c = upload(repo, cfg);
    List<Digest> ds = new java.util.ArrayList<>();
    List<Integer> sizes = new java.util.ArrayList<>();
    for (String l : layers) {
      ds.add(upload(repo, bytes(l)));
      sizes.add(bytes(l).length);
    }
    byte[] m = manifest(c, cfg.length, ds, sizes);
    return manifests
        .put(repo, new Reference.ByTag(new Tag(tag)), MediaTypes.OCI_MANIFEST, m)
        .digest();
  }

  /** Pushes an index of child manifests already in the repository. */
  Digest pushIndex(Repository repo, String tag, Digest... children) {
    StringBuilder b =
        new StringBuilder(
            "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[");
    for (int i = 0; i < children.length; i++) {
      long size = manifests.find(repo, new Reference.ByDigest(children[i])).size();
      b.append(i == 0 ? "" : ",")
          .append("{\"mediaType\":\"")
          .append(MediaTypes.OCI_MANIFEST)
          .append("\",\"digest\":\"")
          .append(children[i])
          .append("\",\"size\":")
          .append(size)
          .append(",\"platform\":{\"architecture\":\"arch")
          .append(i)
          .append("\",\"os\":\"linux\"}}");
    }
    byte[] m = bytes(b.append("]}").toString());
    return manifests.put(repo, new Reference.ByTag(new Tag(tag)), MediaTypes.OCI_INDEX, m).digest();
  }

  ImageState state(Repository repo, Digest image) {
    return manifests.find(repo, new Reference.ByDigest(image)).state();
  }

  Tier tier(String content) {
    return blobs.tier(digestOf(bytes(content))).orElseThrow();
  }

  /** The bytes of a layer as a pull reads them through the repository. */
  byte[] pullBlob(Repository repo, String content) {
    Digest d = digestOf(bytes(content));
    long size = blobService.statForPull(repo, d).size();
    try (var c = blobService.open(repo, d, 0, size);
        InputStream in = c.stream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ErrorKind kind(Runnable r) {
    try {
      r.run();
    } catch (RegistryException e) {
      return e.kind();
    }
    throw new AssertionError("expected a RegistryException");
  }

  @Override
  public void close() {
    meta.close();
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;
    private volatile Duration step = Duration.ZERO;

    MutableClock(Instant now) {
      this.now = now;
    }

    /** From now on every reading of the clock moves it on by {@code step}. */
    void ticking(Duration step) {
      this.step = step;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public synchronized Instant instant() {
      Instant t = now;
      now = now.plus(step);
      return t;
    }
  }
}
