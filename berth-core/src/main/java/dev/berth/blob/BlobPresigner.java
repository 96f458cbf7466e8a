package dev.berth.blob;

import dev.berth.model.Digest;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Hands out URLs that let a client fetch a blob's bytes from the store itself. */
public interface BlobPresigner {
  /**
   * A URL that GETs the blob's bytes for {@code ttl} without further credentials; empty when this
   * store cannot (a file store) and the bytes must be served through Berth. Does not check that the
   * blob exists.
   */
  Optional<URI> presign(Digest digest, Duration ttl);
}
