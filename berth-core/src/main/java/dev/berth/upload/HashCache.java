package dev.berth.upload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The running hashes of the most recently used sessions (issue 9, item 9). Bounded: an abandoned
 * session costs no heap once others have pushed it out, and a session whose hash is gone rebuilds
 * it from its staged bytes on its next chunk. Entries go when their session completes, is cancelled
 * or expires, or its repository is deleted. Thread-safe.
 */
final class HashCache {
  /** About 0.5 KB each (a SHA-256 state and its record): at most ~0.5 MiB. */
  static final int DEFAULT_ENTRIES = 1024;

  private final Map<String, HashState> entries;

  HashCache(int maxEntries) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, HashState> eldest) {
            return size() > maxEntries;
          }
        };
  }

  synchronized Optional<HashState> get(String sessionId) {
    return Optional.ofNullable(entries.get(sessionId));
  }

  synchronized void put(String sessionId, HashState state) {
    entries.put(sessionId, state);
  }

  synchronized void remove(String sessionId) {
    entries.remove(sessionId);
  }

  synchronized void removeRepository(String repositoryId) {
    entries.values().removeIf(s -> s.repositoryId().equals(repositoryId));
  }

  /** The sessions held now. */
  synchronized java.util.List<String> ids() {
    return java.util.List.copyOf(entries.keySet());
  }

  synchronized int size() {
    return entries.size();
  }
}
