package dev.berth.blob;

/**
 * What a staging entry holds, as its store last reported it: the session row keeps it, so any node
 * can continue the upload and no store needs local state between requests.
 *
 * @param key the staging key (an upload session id)
 * @param length bytes staged and durable
 * @param token the store's own record of where those bytes are (for an object store, its multipart
 *     upload and parts; empty for a store that can find them by key alone); opaque to callers, who
 *     persist it unchanged
 */
public record Staged(String key, long length, String token) {
  public Staged {
    BlobStore.checkKey(key);
    if (length < 0) {
      throw new IllegalArgumentException("negative staged length");
    }
  }

  /** An empty entry with no token. */
  public static Staged empty(String key) {
    return new Staged(key, 0, "");
  }
}
