package dev.berth.blob;

import dev.berth.model.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Enumerates what the store holds (garbage collection and consistency checks). A listing streams:
 * it hands entries to the consumer as it walks (a directory or a listing page at a time) and never
 * holds the whole listing, so its memory does not grow with the store. It is not a snapshot: an
 * entry added or removed while the walk runs may or may not be seen, and an entry is never seen
 * twice. The consumer runs on the caller's thread; an exception it throws ends the walk.
 */
public interface BlobLister {
  /**
   * Calls {@code each} once per committed blob, in no particular order; once per tier holding it
   * when a crash during a tier move left a copy in both (a caller acting per digest is idempotent).
   */
  void forEachBlob(Consumer<StoredBlob> each);

  /** Calls {@code each} once per staging entry, in no particular order. */
  void forEachStaged(Consumer<StagedEntry> each);

  /** Every committed digest once, collected in memory: for tests and small stores only. */
  default List<Digest> digests() {
    java.util.Set<Digest> out = new java.util.LinkedHashSet<>();
    forEachBlob(b -> out.add(b.digest()));
    return new ArrayList<>(out);
  }

  /** Every staging key, collected in memory: for tests and small stores only. */
  default List<String> stagingKeys() {
    List<String> out = new ArrayList<>();
    forEachStaged(s -> out.add(s.key()));
    return out;
  }
}
