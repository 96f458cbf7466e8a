package dev.berth.blob;

import dev.berth.model.Digest;
import java.util.Optional;

/** Opens committed blobs for reading. */
public interface BlobReader {
  /**
   * Opens {@code length} bytes of the blob starting at {@code offset}. Empty when the blob is
   * absent. The caller validates the range against {@link BlobStatter#size}; a range beyond the end
   * is an {@link IllegalArgumentException}.
   */
  Optional<BlobContent> open(Digest digest, long offset, long length);
}
