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
    if (size <= S3BlobStore.MAX_COPY) {
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
      for (long from = 0; from < size; from += S3BlobStore.COPY_PART) {
        int number = parts.size() + 1;
        String range = "bytes=" + from + "-" + (Math.min(size, from + S3BlobStore.COPY_PART) - 1);
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
