package dev.berth.blob.s3;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Removes an upload's staging: its multipart uploads and the objects below its prefix. */
final class StagingCleanup {
  private StagingCleanup() {}

  /** Aborts every multipart upload below {@code prefix} and deletes every object there. */
  static void discard(S3Client s3, String bucket, String prefix) {
    for (ListMultipartUploadsResponse page :
        s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix))) {
      for (MultipartUpload u : page.uploads()) {
        if (!u.key().startsWith(prefix)) {
          continue; // a server that ignores the prefix still only loses this key's uploads
        }
        try {
          s3.abortMultipartUpload(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
        } catch (S3Exception e) {
          if (e.statusCode() != 404) {
            throw e;
          }
        }
      }
    }
    for (ListObjectsV2Response page :
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))) {
      // One DeleteObject each: a staging entry holds a handful of objects, and DeleteObjects
      // needs a checksum header that not every S3 server takes.
      for (S3Object o : page.contents()) {
        if (o.key().startsWith(prefix)) {
          s3.deleteObject(r -> r.bucket(bucket).key(o.key()));
        }
      }
    }
  }
}
