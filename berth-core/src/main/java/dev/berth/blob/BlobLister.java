package dev.berth.blob;

import dev.berth.model.Digest;
import java.util.List;

/** Enumerates what the store holds (garbage collection and consistency checks). */
public interface BlobLister {
  /** Every committed digest, in no particular order. */
  List<Digest> digests();

  /** Every staging key with bytes staged. */
  List<String> stagingKeys();
}
