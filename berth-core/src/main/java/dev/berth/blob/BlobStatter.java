package dev.berth.blob;

import dev.berth.model.Digest;
import java.util.Optional;

/** Answers whether committed bytes exist for a digest. */
public interface BlobStatter {
  /** The size of the committed blob, or empty when no bytes are stored under the digest. */
  Optional<Long> size(Digest digest);
}
