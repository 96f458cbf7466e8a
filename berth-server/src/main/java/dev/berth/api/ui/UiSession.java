package dev.berth.api.ui;

import dev.berth.auth.BrowserSessionStore;
import dev.berth.auth.Principal;
import java.time.Instant;
import java.util.Optional;

/**
 * One signed-in browser: the principal, the access key it proved, when the session ends, and the
 * token every form it posts must echo. A one-shot notice survives one redirect, in the database
 * like the session, so the node serving the redirect's target may be another.
 */
final class UiSession {
  private final String id;
  private final String key;
  private final Principal principal;
  private final String csrf;
  private final Instant expiresAt;
  private final BrowserSessionStore store;

  UiSession(
      String id,
      String key,
      Principal principal,
      String csrf,
      Instant expiresAt,
      BrowserSessionStore store) {
    this.id = id;
    this.key = key;
    this.principal = principal;
    this.csrf = csrf;
    this.expiresAt = expiresAt;
    this.store = store;
  }

  String id() {
    return id;
  }

  Principal principal() {
    return principal;
  }

  String csrf() {
    return csrf;
  }

  Instant expiresAt() {
    return expiresAt;
  }

  void notice(String kind, String text) {
    store.setNotice(key, new BrowserSessionStore.Notice(kind, text));
  }

  /** The pending notice, cleared. */
  Optional<BrowserSessionStore.Notice> takeNotice() {
    return store.takeNotice(key);
  }
}
