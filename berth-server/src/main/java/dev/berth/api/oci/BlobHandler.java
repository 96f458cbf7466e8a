package dev.berth.api.oci;

import dev.berth.blob.BlobContent;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.Repository;
import dev.berth.registry.BlobService;
import java.net.URI;
import java.util.Optional;

/** {@code /v2/<name>/blobs/<digest>}: GET (with Range), HEAD, DELETE. */
final class BlobHandler {
  private static final String OCTET_STREAM = "application/octet-stream";
  private final BlobService blobs;

  BlobHandler(BlobService blobs) {
    this.blobs = blobs;
  }

  static Digest digest(String text) {
    return Digest.parse(text)
        .orElseThrow(
            () -> new RegistryException(ErrorKind.DIGEST_INVALID, "invalid digest: " + text));
  }

  /**
   * Serves the request; {@code upstream} is the blob's download from an upstream when the
   * repository lacks it (streamed as it arrives, never redirected), closed here.
   */
  void handle(
      Exchange ex, Repository repo, String digestText, Optional<UpstreamContent.Blob> upstream) {
    try {
      serve(ex, repo, digest(digestText), upstream);
    } finally {
      upstream.ifPresent(UpstreamContent.Blob::close);
    }
  }

  private void serve(
      Exchange ex, Repository repo, Digest digest, Optional<UpstreamContent.Blob> upstream) {
    if ("DELETE".equals(ex.method())) {
      blobs.delete(repo, digest);
      ex.status(202).send();
      return;
    }
    boolean get = "GET".equals(ex.method());
    BlobInfo info =
        upstream.isPresent()
            ? new BlobInfo(digest, upstream.get().size())
            : get ? blobs.statForPull(repo, digest) : blobs.stat(repo, digest);
    Optional<URI> location =
        get && upstream.isEmpty() ? blobs.downloadUrl(digest) : Optional.empty();
    if (location.isPresent()) {
      // As ECR and Distribution do: the bytes come from the object store, for a short while,
      // to whoever was authorized just now; a Range header goes along with the client.
      ex.status(307)
          .header("Docker-Content-Digest", digest.toString())
          .header("Location", location.get().toString())
          .send();
      return;
    }
    ex.header("Docker-Content-Digest", digest.toString())
        .header("ETag", "\"" + digest + "\"")
        .header("Accept-Ranges", "bytes");
    Optional<ByteRange> range;
    try {
      range = ex.header("Range").flatMap(r -> ByteRange.parse(r, info.size()));
    } catch (RegistryException e) {
      ex.header("Content-Range", "bytes */" + info.size());
      OciErrors.write(ex, e);
      return;
    }
    long offset = range.map(ByteRange::first).orElse(0L);
    long length = range.map(ByteRange::length).orElse(info.size());
    if (range.isPresent()) {
      ex.header(
          "Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/" + info.size());
      ex.status(206);
    } else {
      ex.status(200);
    }
    if ("HEAD".equals(ex.method())) {
      ex.header("Content-Type", OCTET_STREAM)
          .header("Content-Length", Long.toString(length))
          .send();
      return;
    }
    try (BlobContent content =
        upstream.isPresent()
            ? upstream.get().open(offset, length)
            : blobs.open(repo, digest, offset, length)) {
      ex.send(OCTET_STREAM, content);
    }
  }
}
