package dev.berth.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * Browser sessions (the browser's port, kept by the metadata store), shared by every node on the
 * database. Bounded: a principal holds at most {@code perPrincipal} sessions and the store at most
 * {@code max}.
 */
public interface BrowserSessionStore {
  /** A message kept for the next page a session shows ({@code kind}: ok or error). */
  record Notice(String kind, String text) {}

  /**
   * Stores a new session. In the same transaction the principal's oldest sessions go until it holds
   * fewer than {@code perPrincipal}, expired ones go, and while the store holds {@code max} the
   * oldest session of the principal holding the most goes, so a sign-in is never refused.
   */
  void create(BrowserSession session, int perPrincipal, int max);

  /** The session under this key if it has not expired at {@code now}; an expired one is removed. */
  Optional<BrowserSession> find(String key, Instant now);

  /** Ends a session; no-op when absent. */
  void remove(String key);

  /** Keeps a notice for the session's next page, replacing any pending one. */
  void setNotice(String key, Notice notice);

  /** The pending notice, cleared (at most one reader gets it). */
  Optional<Notice> takeNotice(String key);

  /** Removes sessions that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now);

  /** Sessions stored now (expired ones not yet removed included). */
  int count();
}
