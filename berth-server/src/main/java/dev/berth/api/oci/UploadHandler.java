package dev.berth.api.oci;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import dev.berth.meta.UploadSession;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.Repository;
import dev.berth.upload.UploadService;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob uploads: {@code POST /v2/<name>/blobs/uploads/} (session, single-request upload with {@code
 * digest}, or cross-repository mount with {@code mount} and {@code from}) and {@code
 * /v2/<name>/blobs/uploads/<id>}: PATCH a chunk, PUT to complete, GET status, DELETE to cancel.
 */
final class UploadHandler {
  private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?([0-9]+)-([0-9]+)");

  private final UploadService uploads;
  private final long minChunkLength;

  UploadHandler(UploadService uploads, long minChunkLength) {
    this.uploads = uploads;
    this.minChunkLength = minChunkLength;
  }

  /**
   * Starts an upload for {@code owner} (whose open sessions are bounded); {@code sources} names the
   * repositories the caller may mount from (pull permission on the source is needed).
   */
  void start(
      Exchange ex, Repository repo, String owner, Function<String, Optional<Repository>> sources) {
    Optional<String> mount = ex.query("mount");
    if (mount.isPresent()) {
      Digest digest = BlobHandler.digest(mount.get());
      Optional<BlobInfo> mounted =
          ex.query("from").flatMap(sources).flatMap(src -> uploads.mount(repo, src, digest));
      if (mounted.isPresent()) {
        created(ex, repo, digest);
        return;
      }
    }
    Optional<String> digestParam = ex.query("digest");
    if (digestParam.isPresent()) {
      Digest digest = BlobHandler.digest(digestParam.get());
      BlobInfo blob = uploads.upload(repo, owner, digest, body(ex, OptionalLong.empty()));
      created(ex, repo, blob.digest());
      return;
    }
    UploadSession s = uploads.start(repo, owner);
    ex.header("OCI-Chunk-Min-Length", Long.toString(minChunkLength));
    accepted(ex, repo, s, 202);
  }

  void handle(Exchange ex, Repository repo, String id) {
    switch (ex.method()) {
      case "GET" -> accepted(ex, repo, uploads.status(repo, id), 204);
      case "DELETE" -> {
        uploads.cancel(repo, id);
        ex.status(204).send();
      }
      case "PATCH" -> patch(ex, repo, id);
      default -> put(ex, repo, id);
    }
  }

  private void patch(Exchange ex, Repository repo, String id) {
    OptionalLong start = OptionalLong.empty();
    OptionalLong length = OptionalLong.empty();
    Optional<String> range = ex.header("Content-Range");
    if (range.isPresent()) {
      Matcher m = CONTENT_RANGE.matcher(range.get().trim());
      if (!m.matches()) {
        throw new RegistryException(
            ErrorKind.RANGE_INVALID, "malformed Content-Range: " + range.get());
      }
      long first;
      long last;
      try {
        first = Long.parseLong(m.group(1));
        last = Long.parseLong(m.group(2));
        Math.addExact(last - first, 1L); // the chunk's length must fit in a long
      } catch (NumberFormatException | ArithmeticException e) {
        throw new RegistryException(
            ErrorKind.RANGE_INVALID, "Content-Range is out of range: " + range.get());
      }
      if (last < first) {
        throw new RegistryException(ErrorKind.RANGE_INVALID, "Content-Range ends before it starts");
      }
      start = OptionalLong.of(first);
      length = OptionalLong.of(last - first + 1);
      if (ex.contentLength() >= 0 && ex.contentLength() != last - first + 1) {
        throw new RegistryException(
            ErrorKind.RANGE_INVALID,
            "Content-Range covers "
                + (last - first + 1)
                + " bytes but Content-Length is "
                + ex.contentLength());
      }
    }
    UploadSession s;
    try {
      s = uploads.append(repo, id, start, body(ex, length));
    } catch (RegistryException e) {
      if (e.kind() == ErrorKind.RANGE_INVALID) {
        UploadSession current = uploads.status(repo, id);
        rangeHeaders(ex, repo, current);
        OciErrors.write(ex, e);
        return;
      }
      throw e;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof ExactLengthInputStream.ChunkLengthException c) {
        throw new RegistryException(ErrorKind.BLOB_UPLOAD_INVALID, c.getMessage());
      }
      throw e;
    }
    accepted(ex, repo, s, 202);
  }

  private void put(Exchange ex, Repository repo, String id) {
    Digest digest =
        BlobHandler.digest(
            ex.query("digest")
                .orElseThrow(
                    () ->
                        new RegistryException(
                            ErrorKind.DIGEST_INVALID, "digest parameter is required")));
    boolean hasBody = ex.contentLength() > 0 || ex.header("Transfer-Encoding").isPresent();
    Optional<InputStream> last =
        hasBody ? Optional.of(body(ex, OptionalLong.empty())) : Optional.empty();
    BlobInfo blob = uploads.complete(repo, id, digest, last);
    created(ex, repo, blob.digest());
  }

  /** The request body, held to exactly the declared range length when one was given. */
  private static InputStream body(Exchange ex, OptionalLong expected) {
    InputStream in = ex.body();
    return expected.isPresent() ? new ExactLengthInputStream(in, expected.getAsLong()) : in;
  }

  private static void created(Exchange ex, Repository repo, Digest digest) {
    ex.header("Location", "/v2/" + OciPath.urlName(ex, repo) + "/blobs/" + digest)
        .header("Docker-Content-Digest", digest.toString())
        .status(201)
        .send();
  }

  private static void accepted(Exchange ex, Repository repo, UploadSession s, int status) {
    rangeHeaders(ex, repo, s);
    ex.status(status).send();
  }

  private static void rangeHeaders(Exchange ex, Repository repo, UploadSession s) {
    ex.header("Location", "/v2/" + OciPath.urlName(ex, repo) + "/blobs/uploads/" + s.id())
        .header("Range", "0-" + Math.max(0, s.offset() - 1))
        .header("Docker-Upload-UUID", s.id());
  }
}
