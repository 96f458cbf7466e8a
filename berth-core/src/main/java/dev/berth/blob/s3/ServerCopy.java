package dev.berth.blob.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/** Server-side copies within a bucket: one CopyObject up to 5 GiB, ranged part copies beyond. */
final class ServerCopy {
  private static final String OCTET_STREAM = "application/octet-stream";

  private ServerCopy() {}

  /**
   * Copies an object server-side, replacing its metadata; in ranged part copies beyond what one
   * CopyObject takes. The destination appears only when the copy is whole.
   */
  static void copy(
      S3Client s3,
      String bucket,
      String source,
      String destination,
      long size,
      String storageClass,
      Map<String, String> meta) {
    copy(
        s3,
        bucket,
        source,
        destination,
        size,
        storageClass,
        meta,
        S3BlobStore.MAX_COPY,
        S3BlobStore.COPY_PART);
  }

  /**
   * As {@link #copy(S3Client, String, String, String, long, String, Map)} with the limits given:
   * one CopyObject up to {@code maxCopy} bytes, else parts of {@code part} (tests lower both to
   * cover the ranged copy without 5 GiB objects).
   */
  static void copy(
      S3Client s3,
      String bucket,
      String source,
      String destination,
      long size,
      String storageClass,
      Map<String, String> meta,
      long maxCopy,
      long part) {
    if (size <= maxCopy) {
      s3.copyObject(
          r ->
              r.sourceBucket(bucket)
                  .sourceKey(source)
                  .destinationBucket(bucket)
                  .destinationKey(destination)
                  .metadataDirective(MetadataDirective.REPLACE)
                  .contentType(OCTET_STREAM)
                  .metadata(meta)
                  .storageClass(storageClass));
      return;
    }
    String upload =
        s3.createMultipartUpload(
                r ->
                    r.bucket(bucket)
                        .key(destination)
                        .contentType(OCTET_STREAM)
                        .metadata(meta)
                        .storageClass(storageClass))
            .uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (long from = 0; from < size; from += part) {
        int number = parts.size() + 1;
        String range = "bytes=" + from + "-" + (Math.min(size, from + part) - 1);
        String etag =
            s3.uploadPartCopy(
                    r ->
                        r.sourceBucket(bucket)
                            .sourceKey(source)
                            .destinationBucket(bucket)
                            .destinationKey(destination)
                            .uploadId(upload)
                            .partNumber(number)
                            .copySourceRange(range))
                .copyPartResult()
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      s3.completeMultipartUpload(
          r ->
              r.bucket(bucket)
                  .key(destination)
                  .uploadId(upload)
                  .multipartUpload(m -> m.parts(parts)));
    } catch (RuntimeException e) {
      try {
        s3.abortMultipartUpload(r -> r.bucket(bucket).key(destination).uploadId(upload));
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
