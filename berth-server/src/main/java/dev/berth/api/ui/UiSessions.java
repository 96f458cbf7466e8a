package dev.berth.api.ui;

import dev.berth.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's browser sessions, in memory (a restart signs everyone out). Ids and CSRF tokens are
 * 256 random bits; a session lives at most {@link #LIFETIME} and never past its credential's own
 * expiry. The map is keyed by a hash of the id, so lookups do not compare secrets.
 *
 * <p>Bounded so that no principal can lock others out (issue 9, item 8): a principal holds at most
 * {@link #PER_PRINCIPAL} sessions (signing in again ends its oldest), and when the node holds
 * {@link #MAX_SESSIONS} a new session ends the oldest one of the principal holding the most, so a
 * sign-in is never refused for lack of room.
 */
final class UiSessions {
  /** The longest a session lasts; signing in again starts a new one. */
  static final Duration LIFETIME = Duration.ofHours(1);

  /** Sessions one principal (one ARN) holds at most; more end its oldest. */
  static final int PER_PRINCIPAL = 10;

  /** Sessions on the node at most; more end the oldest of the principal holding the most. */
  static final int MAX_SESSIONS = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, UiSession> sessions = new ConcurrentHashMap<>();

  /** Keys of each principal's sessions, oldest first; guarded by {@code this}. */
  private final Map<String, Deque<String>> byPrincipal = new HashMap<>();

  private final Clock clock;
  private final int perPrincipal;
  private final int max;

  UiSessions(Clock clock) {
    this(clock, PER_PRINCIPAL, MAX_SESSIONS);
  }

  UiSessions(Clock clock, int perPrincipal, int max) {
    this.clock = clock;
    this.perPrincipal = perPrincipal;
    this.max = max;
  }

  /** Starts a session for the principal, ending at {@code min(now + LIFETIME, notAfter)}. */
  synchronized UiSession create(Principal principal, Optional<Instant> notAfter) {
    Instant now = clock.instant();
    Deque<String> own = byPrincipal.computeIfAbsent(principal.arn(), k -> new ArrayDeque<>());
    prune(own, now);
    while (own.size() >= perPrincipal) {
      sessions.remove(own.removeFirst());
    }
    if (sessions.size() >= max || byPrincipal.size() > max) {
      byPrincipal.values().forEach(keys -> prune(keys, now));
    }
    while (sessions.size() >= max) {
      Deque<String> largest =
          byPrincipal.values().stream().max(Comparator.comparingInt(Deque::size)).orElseThrow();
      sessions.remove(largest.removeFirst());
    }
    byPrincipal.values().removeIf(keys -> keys.isEmpty() && keys != own);
    Instant end = now.plus(LIFETIME);
    if (notAfter.isPresent() && notAfter.get().isBefore(end)) {
      end = notAfter.get();
    }
    UiSession s = new UiSession(token(), principal, token(), end);
    String key = key(s.id());
    sessions.put(key, s);
    own.addLast(key);
    return s;
  }

  /** Drops keys of ended or removed sessions. */
  private void prune(Deque<String> keys, Instant now) {
    keys.removeIf(
        k -> {
          UiSession s = sessions.get(k);
          if (s != null && !s.expiresAt().isAfter(now)) {
            sessions.remove(k);
            return true;
          }
          return s == null;
        });
  }

  /** Sessions on the node now (ended ones not yet dropped included). */
  int size() {
    return sessions.size();
  }

  /** The live session with this id; an expired one is dropped. */
  Optional<UiSession> find(String id) {
    String key = key(id);
    UiSession s = sessions.get(key);
    if (s == null) {
      return Optional.empty();
    }
    if (!s.expiresAt().isAfter(clock.instant())) {
      sessions.remove(key);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  synchronized void remove(String id) {
    String key = key(id);
    UiSession s = sessions.remove(key);
    if (s != null) {
      Deque<String> keys = byPrincipal.get(s.principal().arn());
      if (keys != null) {
        keys.remove(key);
      }
    }
  }

  /** 32 random bytes, base64url without padding. */
  static String token() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Compares two secrets in time independent of where they differ (and of their lengths). */
  static boolean same(String a, String b) {
    return MessageDigest.isEqual(sha256(a), sha256(b));
  }

  private static String key(String id) {
    return Base64.getEncoder().encodeToString(sha256(id));
  }

  private static byte[] sha256(String s) {
    return dev.berth.common.Hashing.sha256().digest(s.getBytes(StandardCharsets.UTF_8));
  }
}
