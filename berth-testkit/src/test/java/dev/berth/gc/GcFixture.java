package dev.berth.gc;

import dev.berth.blob.BlobContent;
import dev.berth.blob.fs.FileBlobStore;
import dev.berth.common.Hashing;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.oci.MediaTypes;
import dev.berth.registry.BlobService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.PutManifestResult;
import dev.berth.registry.RepositoryService;
import dev.berth.testkit.TestClock;
import dev.berth.upload.UploadService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The real stores (SQLite, the filesystem blob store) and services over one temporary directory,
 * with a clock the test moves, and the collector with a one-hour grace period.
 */
final class GcFixture implements AutoCloseable {
  static final AccountId ACCOUNT = new AccountId("000000000000");
  static final RegistryId REGISTRY = new RegistryId(ACCOUNT, "us-east-1");
  static final String OWNER = "arn:aws:iam::000000000000:root";
  static final Duration GRACE = Duration.ofHours(1);
  static final Duration UPLOAD_EXPIRY = Duration.ofHours(24);

  final TestClock clock = TestClock.system();
  final String url;
  final MetadataStore meta;
  private final MetadataStore collectorMeta;
  private final boolean separateCollector;
  final FileBlobStore blobs;
  final RepositoryService repositories;
  final ManifestService manifests;
  final BlobService blobService;
  final UploadService uploads;
  final GarbageCollector collector;

  GcFixture(Path dir) {
    this(dir, GRACE);
  }

  GcFixture(Path dir, Duration grace) {
    this(dir, grace, "jdbc:sqlite:" + dir.resolve("berth.db"), false);
  }

  /**
   * On the database at {@code url}; with {@code collectorNode} the collector opens its own pools on
   * it, as the collector of another node sharing the database would.
   */
  GcFixture(Path dir, Duration grace, String url, boolean collectorNode) {
    this.url = url;
    meta = JdbcMetadata.open(url);
    separateCollector = collectorNode;
    collectorMeta = collectorNode ? JdbcMetadata.open(url) : meta;
    blobs = new FileBlobStore(dir);
    repositories = new RepositoryService(meta, blobs, clock);
    manifests = new ManifestService(meta, clock);
    blobService = new BlobService(meta, blobs);
    uploads = new UploadService(meta, blobs, clock);
    collector =
        new GarbageCollector(
            collectorMeta.gc(),
            collectorMeta.leases(),
            blobs,
            clock,
            GarbageCollector.Settings.of(grace, UPLOAD_EXPIRY));
  }

  Repository repo(String name) {
    return repositories.create(
        REGISTRY, RepositoryService.name(name), ImageTagMutability.MUTABLE, false);
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Digest sha256(byte[] b) {
    return Digest.sha256(Hashing.sha256().digest(b));
  }

  BlobInfo upload(Repository repo, byte[] content) {
    return uploads.upload(repo, OWNER, sha256(content), new ByteArrayInputStream(content));
  }

  /** An OCI image manifest over blobs already in the repository. */
  static byte[] manifest(BlobInfo config, List<BlobInfo> layers) {
    StringBuilder s = new StringBuilder();
    s.append("{\"schemaVersion\":2,\"mediaType\":\"")
        .append(MediaTypes.OCI_MANIFEST)
        .append("\",\"config\":")
        .append(descriptor("application/vnd.oci.image.config.v1+json", config))
        .append(",\"layers\":[");
    for (int i = 0; i < layers.size(); i++) {
      s.append(i == 0 ? "" : ",")
          .append(descriptor("application/vnd.oci.image.layer.v1.tar", layers.get(i)));
    }
    return s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String descriptor(String mediaType, BlobInfo b) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + b.digest()
        + "\",\"size\":"
        + b.size()
        + "}";
  }

  PutManifestResult put(Repository repo, String tag, byte[] manifest) {
    return manifests.put(
        repo, new Reference.ByTag(new Tag(tag)), MediaTypes.OCI_MANIFEST, manifest);
  }

  /** Uploads a config and the layers, then puts the image under the tag. */
  PutManifestResult push(Repository repo, String tag, byte[]... layers) {
    BlobInfo config = upload(repo, ("{\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8));
    List<BlobInfo> infos = new ArrayList<>();
    for (byte[] l : layers) {
      infos.add(upload(repo, l));
    }
    return put(repo, tag, manifest(config, infos));
  }

  /** The blob as the repository serves it. */
  byte[] read(Repository repo, Digest digest) {
    BlobInfo info = blobService.stat(repo, digest);
    try (BlobContent c = blobService.open(repo, digest, 0, info.size());
        InputStream in = c.stream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GcOutcome.Completed collect() {
    return collect(false);
  }

  GcOutcome.Completed collect(boolean dryRun) {
    GcOutcome o = collector.run(dryRun, p -> {});
    if (o instanceof GcOutcome.Completed c) {
      return c;
    }
    throw new AssertionError("collector busy: " + o);
  }

  /** A count straight from the database file, as an operator would check it. */
  long count(String sql) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a statement straight on the database file (to stage a crash's leftovers). */
  void sql(String statement) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
        java.sql.Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 15000");
      st.execute(statement);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (separateCollector) {
      collectorMeta.close();
    }
    meta.close();
  }
}
