package dev.berth.blob.s3;

import dev.berth.blob.BlobStore;
import dev.berth.blob.StagedEntry;
import dev.berth.blob.StoredBlob;
import dev.berth.model.Digest;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The store's listings: one ListObjectsV2 walk each, page by page, never the whole listing. */
final class S3Listing {
  private S3Listing() {}

  static void forEachBlob(S3Client s3, String bucket, String prefix, Consumer<StoredBlob> each) {
    for (ListObjectsV2Response page :
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))) {
      for (S3Object o : page.contents()) {
        digestOf(o.key().substring(prefix.length()))
            .ifPresent(d -> each.accept(new StoredBlob(d, o.size(), o.lastModified())));
      }
    }
  }

  /** {@code <algorithm>/<two hex>/<hex>} to its digest. */
  private static Optional<Digest> digestOf(String rest) {
    String[] p = rest.split("/", -1);
    if (p.length != 3 || !p[1].equals(p[2].substring(0, Math.min(2, p[2].length())))) {
      return Optional.empty();
    }
    return Digest.parse(p[0] + ":" + p[2]);
  }

  /** Walks the uploads prefix once; the objects of a key list together. */
  static void forEachStaged(S3Client s3, String bucket, String prefix, Consumer<StagedEntry> each) {
    @Nullable String current = null;
    long size = 0;
    Instant modified = Instant.EPOCH;
    for (ListObjectsV2Response page :
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))) {
      for (S3Object o : page.contents()) {
        String rest = o.key().substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
          continue; // a probe object
        }
        String key = rest.substring(0, slash);
        if (!BlobStore.STAGING_KEY.matcher(key).matches()) {
          continue;
        }
        if (!key.equals(current)) {
          if (current != null) {
            each.accept(new StagedEntry(current, size, modified));
          }
          current = key;
          size = 0;
          modified = Instant.EPOCH;
        }
        String name = rest.substring(slash + 1);
        if (name.startsWith(S3BlobStore.LENGTH_MARKER)) {
          try {
            size =
                Math.max(size, Long.parseLong(name.substring(S3BlobStore.LENGTH_MARKER.length())));
          } catch (NumberFormatException e) {
            // not ours
          }
        }
        if (o.lastModified() != null && o.lastModified().isAfter(modified)) {
          modified = o.lastModified();
        }
      }
    }
    if (current != null) {
      each.accept(new StagedEntry(current, size, modified));
    }
  }
}
