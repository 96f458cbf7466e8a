package dev.berth.api.ui;

import dev.berth.auth.Principal;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One signed-in browser: the principal, the access key it proved, when the session ends, and the
 * token every form it posts must echo. A one-shot notice survives one redirect.
 */
final class UiSession {
  private final String id;
  private final Principal principal;
  private final String csrf;
  private final Instant expiresAt;
  private final AtomicReference<Optional<Notice>> notice = new AtomicReference<>(Optional.empty());

  /** A message for the next page shown ({@code kind} is {@code ok} or {@code error}). */
  record Notice(String kind, String text) {}

  UiSession(String id, Principal principal, String csrf, Instant expiresAt) {
    this.id = id;
    this.principal = principal;
    this.csrf = csrf;
    this.expiresAt = expiresAt;
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
    notice.set(Optional.of(new Notice(kind, text)));
  }

  /** The pending notice, cleared. */
  Optional<Notice> takeNotice() {
    return notice.getAndSet(Optional.empty());
  }
}
