package dev.berth.blob.s3;

import dev.berth.blob.BlobContent;
import dev.berth.blob.BlobStore;
import dev.berth.blob.Staged;
import dev.berth.blob.StagedEntry;
import dev.berth.blob.StoredBlob;
import dev.berth.model.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs as objects of one bucket, staged writes as multipart uploads (see the package doc for the
 * layout). The store keeps no state between calls: a {@link Staged} carries the upload id, its
 * parts and the tail object, so a session continues on any node. An append streams its input
 * through one buffer of {@link S3Settings#partSize()} bytes, so its memory does not grow with the
 * blob; bytes short of a 5 MiB part wait in a small tail object that the next append reads back and
 * prepends, so every part but the last has S3's minimum size.
 *
 * <p>Commit completes the multipart upload under the staging key and copies it server-side to the
 * blob key (in ranged part copies beyond 5 GiB), so a blob key only ever appears whole.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(S3BlobStore.class);

  /** S3's largest single CopyObject. */
  static final long MAX_COPY = 5L << 30;

  /** Range of one part when a copy goes beyond {@link #MAX_COPY}. */
  static final long COPY_PART = 1L << 30;

  static final String TIER_METADATA = "berth-tier";
  private static final String OCTET_STREAM = "application/octet-stream";
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
  static final String LENGTH_MARKER = "len-";

  private final S3Settings settings;
  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;

  /** A store over its own S3 client and presigner, configured from the settings. */
  public S3BlobStore(S3Settings settings) {
    this(settings, S3Clients.client(settings), S3Clients.presigner(settings));
  }

  /** A store over the given client and presigner (which this store closes). */
  public S3BlobStore(S3Settings settings, S3Client s3, S3Presigner presigner) {
    this.settings = settings;
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = settings.bucket();
  }

  /**
   * An S3 client as the store configures it: checksums only where an operation requires one (so
   * third-party servers that know no flexible checksums work), the Apache 5 HTTP client.
   */
  public static S3Client client(S3Settings settings) {
    return S3Clients.client(settings);
  }

  @Override
  public void close() {
    presigner.close();
    s3.close();
  }

  // ---- keys

  String blobKey(Digest d) {
    return settings.prefix()
        + "blobs/"
        + d.algorithm()
        + "/"
        + d.hex().substring(0, 2)
        + "/"
        + d.hex();
  }

  private String blobsPrefix() {
    return settings.prefix() + "blobs/";
  }

  private String uploadsPrefix() {
    return settings.prefix() + "uploads/";
  }

  /** Everything of one staging entry lives below this. */
  String stagingPrefix(String key) {
    return uploadsPrefix() + BlobStore.checkKey(key) + "/";
  }

  /** The key of a staging entry's multipart upload. */
  String uploadKey(String key) {
    return stagingPrefix(key) + "data";
  }

  private static String lengthMarker(long length) {
    return LENGTH_MARKER + String.format("%020d", length);
  }

  // ---- reads

  private Optional<HeadObjectResponse> head(String objectKey) {
    try {
      return Optional.of(s3.headObject(r -> r.bucket(bucket).key(objectKey)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static boolean notFound(S3Exception e) {
    return e.statusCode() == 404;
  }

  @Override
  public Optional<Long> size(Digest digest) {
    return head(blobKey(digest)).map(h -> requireLength(h.contentLength()));
  }

  private static long requireLength(@Nullable Long length) {
    if (length == null) {
      throw new IllegalStateException("S3 answered without a content length");
    }
    return length;
  }

  @Override
  public Optional<BlobContent> open(Digest digest, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range " + offset + "+" + length);
    }
    String key = blobKey(digest);
    if (length == 0) {
      Optional<HeadObjectResponse> h = head(key);
      if (h.isEmpty()) {
        return Optional.empty();
      }
      long size = requireLength(h.get().contentLength());
      if (offset > size) {
        throw new IllegalArgumentException("range " + offset + "+0 beyond " + size);
      }
      return Optional.of(new RangeContent(offset, 0, InputStream.nullInputStream(), () -> {}));
    }
    ResponseInputStream<GetObjectResponse> in;
    try {
      in =
          s3.getObject(
              r ->
                  r.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)));
    } catch (S3Exception e) {
      if (notFound(e)) {
        return Optional.empty();
      }
      if (e.statusCode() == 416) {
        throw new IllegalArgumentException("range " + offset + "+" + length + " beyond the end", e);
      }
      throw e;
    }
    try {
      long total = totalLength(in.response());
      long start = rangeStart(in.response());
      if (offset + length > total) {
        in.abort();
        throw new IllegalArgumentException("range " + offset + "+" + length + " beyond " + total);
      }
      // A server that ignored the range sent the whole object.
      if (start < offset) {
        in.skipNBytes(offset - start);
      }
    } catch (IOException e) {
      in.abort();
      throw new UncheckedIOException(e);
    }
    return Optional.of(new RangeContent(offset, length, in, in::abort));
  }

  private static long totalLength(GetObjectResponse r) {
    String range = r.contentRange();
    if (range != null) {
      Matcher m = CONTENT_RANGE.matcher(range);
      if (m.matches()) {
        return Long.parseLong(m.group(3));
      }
    }
    return requireLength(r.contentLength());
  }

  private static long rangeStart(GetObjectResponse r) {
    String range = r.contentRange();
    if (range != null) {
      Matcher m = CONTENT_RANGE.matcher(range);
      if (m.matches()) {
        return Long.parseLong(m.group(1));
      }
    }
    return 0;
  }

  // ---- staging

  @Override
  public Staged begin(String key) {
    BlobStore.checkKey(key);
    // The marker first: a crash after it leaves a listable entry the collector discards.
    putSmall(stagingPrefix(key) + lengthMarker(0), new byte[0], 0);
    String upload =
        s3.createMultipartUpload(
                r -> r.bucket(bucket).key(uploadKey(key)).contentType(OCTET_STREAM))
            .uploadId();
    return new Staged(key, 0, new StagingToken(upload, List.of(), null, 0).encode());
  }

  private void putSmall(String objectKey, byte[] bytes, int length) {
    s3.putObject(
        r -> r.bucket(bucket).key(objectKey).contentType(OCTET_STREAM),
        RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length));
  }

  private StagingToken token(Staged state) {
    StagingToken t = StagingToken.decode(state.key(), state.token());
    if (t.length() != state.length()) {
      throw new IllegalStateException(
          "staging state of "
              + state.key()
              + " accounts for "
              + t.length()
              + " bytes, not "
              + state.length());
    }
    return t;
  }

  private IllegalStateException gone(String key, Exception cause) {
    return new IllegalStateException("staged bytes of " + key + " are gone", cause);
  }

  /** Reads the state's tail into {@code buf}; its staged bytes gone is an IllegalStateException. */
  private void readTail(Staged state, StagingToken t, byte[] buf) {
    Optional<String> tail = t.tailName();
    if (tail.isEmpty()) {
      return;
    }
    String objectKey = stagingPrefix(state.key()) + tail.get();
    try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(objectKey))) {
      int n = in.readNBytes(buf, 0, (int) t.tailLength());
      if (n != t.tailLength() || in.read() != -1) {
        throw new IllegalStateException("tail of " + state.key() + " has the wrong length");
      }
    } catch (S3Exception e) {
      if (notFound(e)) {
        throw gone(state.key(), e);
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Throws an IllegalStateException when the state's multipart upload is no more. */
  private void requireUpload(Staged state, StagingToken t) {
    try {
      s3.listParts(
          r -> r.bucket(bucket).key(uploadKey(state.key())).uploadId(t.upload()).maxParts(1));
    } catch (S3Exception e) {
      if (notFound(e)) {
        throw gone(state.key(), e);
      }
      throw e;
    }
  }

  private StagingToken.Part uploadPart(
      Staged state, StagingToken t, int number, byte[] buf, int n) {
    try {
      String etag =
          s3.uploadPart(
                  r ->
                      r.bucket(bucket)
                          .key(uploadKey(state.key()))
                          .uploadId(t.upload())
                          .partNumber(number)
                          .contentLength((long) n),
                  RequestBody.fromInputStream(new ByteArrayInputStream(buf, 0, n), n))
              .eTag();
      return new StagingToken.Part(number, n, etag);
    } catch (S3Exception e) {
      if (notFound(e)) {
        throw gone(state.key(), e);
      }
      throw e;
    }
  }

  /**
   * Part numbers after the state's parts are reused, so an append retried from an older state
   * overwrites what an unrecorded attempt uploaded; tail objects get fresh names, so the state's
   * own tail stays intact for a retry.
   */
  @Override
  public Staged append(Staged state, InputStream in) {
    StagingToken t = token(state);
    int partSize = (int) settings.partSize();
    byte[] buf = new byte[partSize];
    readTail(state, t, buf);
    int fill = (int) t.tailLength();
    int tailStart = fill;
    List<StagingToken.Part> parts = new ArrayList<>(t.parts());
    boolean uploaded = false;
    try {
      while (true) {
        int n = in.read(buf, fill, partSize - fill);
        if (n < 0) {
          break;
        }
        fill += n;
        if (fill == partSize) {
          parts.add(uploadPart(state, t, parts.size() + 1, buf, fill));
          uploaded = true;
          fill = 0;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the chunk for " + state.key(), e);
    }
    if (!uploaded && fill == tailStart) {
      return state; // nothing new
    }
    if (fill >= S3Settings.MIN_PART_SIZE) {
      parts.add(uploadPart(state, t, parts.size() + 1, buf, fill));
      uploaded = true;
      fill = 0;
    }
    if (!uploaded) {
      requireUpload(state, t);
    }
    long partBytes = parts.stream().mapToLong(StagingToken.Part::size).sum();
    String tail = null;
    if (fill > 0) {
      tail = "tail-" + partBytes + "-" + UUID.randomUUID();
      putSmall(stagingPrefix(state.key()) + tail, buf, fill);
    }
    long length = partBytes + fill;
    putSmall(stagingPrefix(state.key()) + lengthMarker(length), new byte[0], 0);
    return new Staged(
        state.key(), length, new StagingToken(t.upload(), parts, tail, fill).encode());
  }

  /** An open multipart upload cannot be read back. */
  @Override
  public Optional<InputStream> readStaged(Staged state) {
    return Optional.empty();
  }

  @Override
  public void commit(Staged state, Digest digest) {
    String target = blobKey(digest);
    Optional<HeadObjectResponse> existing = head(target);
    if (existing.isPresent()) {
      if (tierOf(existing.get()) != Tier.STANDARD) {
        moveTo(digest, Tier.STANDARD);
      }
      discardCommitted(state.key());
      return;
    }
    StagingToken t = token(state);
    String prefix = stagingPrefix(state.key());
    if (t.parts().isEmpty()) {
      Optional<String> tail = t.tailName();
      if (tail.isPresent()) {
        try {
          ServerCopy.copy(
              s3, bucket, prefix + tail.get(), target, t.tailLength(), "STANDARD", Map.of());
        } catch (S3Exception e) {
          if (notFound(e)) {
            throw gone(state.key(), e);
          }
          throw e;
        }
      } else {
        requireUpload(state, t);
        putSmall(target, new byte[0], 0);
      }
    } else {
      List<StagingToken.Part> parts = new ArrayList<>(t.parts());
      if (t.tailLength() > 0) {
        byte[] buf = new byte[(int) t.tailLength()];
        readTail(state, t, buf);
        parts.add(uploadPart(state, t, parts.size() + 1, buf, buf.length));
      }
      List<CompletedPart> completed =
          parts.stream()
              .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build())
              .toList();
      try {
        s3.completeMultipartUpload(
            r ->
                r.bucket(bucket)
                    .key(uploadKey(state.key()))
                    .uploadId(t.upload())
                    .multipartUpload(m -> m.parts(completed)));
      } catch (S3Exception e) {
        if (notFound(e) || "InvalidPart".equals(errorCode(e))) {
          throw gone(state.key(), e);
        }
        throw e;
      }
      ServerCopy.copy(
          s3, bucket, uploadKey(state.key()), target, state.length(), "STANDARD", Map.of());
    }
    long size = head(target).map(h -> requireLength(h.contentLength())).orElse(-1L);
    if (size != state.length()) {
      s3.deleteObject(r -> r.bucket(bucket).key(target));
      throw new IllegalStateException(
          "committed " + size + " bytes for " + state.key() + ", staged " + state.length());
    }
    discardCommitted(state.key());
  }

  /**
   * Drops the staging of an upload whose blob is committed. The blob is whole at its key by now, so
   * a failure here must not fail the push: what is left is staging no session owns, which the
   * collector's staging sweep removes. (Seen with S3Proxy's filesystem backend, whose multipart
   * listing can fail on a part file another node is still writing.)
   */
  private void discardCommitted(String key) {
    try {
      discard(key);
    } catch (RuntimeException e) {
      LOG.warn("failed to drop a committed upload's staging; the collector will key={}", key, e);
    }
  }

  private static @Nullable String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  /** Aborts every multipart upload below the key and deletes every object there. */
  @Override
  public void discard(String key) {
    StagingCleanup.discard(s3, bucket, stagingPrefix(key));
  }

  /** S3's minimum part size. */
  @Override
  public long minChunkLength() {
    return S3Settings.MIN_PART_SIZE;
  }

  // ---- presign, probe, delete

  @Override
  public Optional<URI> presign(Digest digest, Duration ttl) {
    String key = blobKey(digest);
    try {
      return Optional.of(
          presigner
              .presignGetObject(
                  p -> p.signatureDuration(ttl).getObjectRequest(r -> r.bucket(bucket).key(key)))
              .url()
              .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("presigned URL is no URI", e);
    }
  }

  /** The bucket answers and takes and drops a small object under the uploads prefix. */
  @Override
  public void probe() {
    String key = uploadsPrefix() + "probe-" + UUID.randomUUID();
    try {
      s3.headBucket(r -> r.bucket(bucket));
      putSmall(key, new byte[] {'o', 'k'}, 2);
      s3.deleteObject(r -> r.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw new UncheckedIOException(
          new IOException("S3 bucket " + bucket + " failed the probe: " + e.getMessage(), e));
    }
  }

  @Override
  public boolean delete(Digest digest) {
    String key = blobKey(digest);
    if (head(key).isEmpty()) {
      return false;
    }
    s3.deleteObject(r -> r.bucket(bucket).key(key));
    return true;
  }

  // ---- tiers

  private Tier tierOf(HeadObjectResponse h) {
    String recorded = h.metadata().get(TIER_METADATA);
    if (recorded != null) {
      return Tier.ARCHIVE.name().equals(recorded) ? Tier.ARCHIVE : Tier.STANDARD;
    }
    return settings.archiveStorageClass().equals(h.storageClassAsString())
        ? Tier.ARCHIVE
        : Tier.STANDARD;
  }

  @Override
  public Optional<Tier> tier(Digest digest) {
    return head(blobKey(digest)).map(this::tierOf);
  }

  /**
   * Copies the object onto itself with the tier's storage class (and the tier in its metadata): S3
   * swaps the object whole, so a reader sees it in one tier or the other.
   */
  @Override
  public boolean moveTo(Digest digest, Tier tier) {
    String key = blobKey(digest);
    Optional<HeadObjectResponse> h = head(key);
    if (h.isEmpty()) {
      return false;
    }
    if (tierOf(h.get()) == tier) {
      return true;
    }
    String storageClass = tier == Tier.ARCHIVE ? settings.archiveStorageClass() : "STANDARD";
    try {
      ServerCopy.copy(
          s3,
          bucket,
          key,
          key,
          requireLength(h.get().contentLength()),
          storageClass,
          Map.of(TIER_METADATA, tier.name()));
    } catch (S3Exception e) {
      if (notFound(e)) {
        return false; // deleted meanwhile
      }
      throw e;
    }
    return true;
  }

  // ---- listings

  @Override
  public void forEachBlob(Consumer<StoredBlob> each) {
    S3Listing.forEachBlob(s3, bucket, blobsPrefix(), each);
  }

  /**
   * One entry per staging key that has objects (every begun key has its length marker until
   * discarded): the size is the greatest length a marker records (above what the caller recorded
   * when an unrecorded append was retried), the time the newest object's.
   */
  @Override
  public void forEachStaged(Consumer<StagedEntry> each) {
    S3Listing.forEachStaged(s3, bucket, uploadsPrefix(), each);
  }
}
