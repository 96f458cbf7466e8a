package dev.berth.api.ui;

import dev.berth.auth.BrowserSession;
import dev.berth.auth.BrowserSessionStore;
import dev.berth.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Browser sessions, kept in the metadata database so that every node behind a load balancer serves
 * them and a restart signs nobody out. Ids and CSRF tokens are 256 random bits; the database holds
 * a hash of the id only. A session lives at most {@link #LIFETIME} and never past its credential's
 * own expiry.
 *
 * <p>Bounded so that no principal can lock others out (issue 9, item 8): a principal holds at most
 * {@link #PER_PRINCIPAL} sessions (signing in again ends its oldest), and when the database holds
 * {@link #MAX_SESSIONS} a new session ends the oldest one of the principal holding the most, so a
 * sign-in is never refused for lack of room.
 */
final class UiSessions {
  /** The longest a session lasts; signing in again starts a new one. */
  static final Duration LIFETIME = Duration.ofHours(1);

  /** Sessions one principal (one ARN) holds at most; more end its oldest. */
  static final int PER_PRINCIPAL = 10;

  /** Sessions in all at most; more end the oldest of the principal holding the most. */
  static final int MAX_SESSIONS = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final BrowserSessionStore store;
  private final Clock clock;
  private final int perPrincipal;
  private final int max;

  UiSessions(BrowserSessionStore store, Clock clock) {
    this(store, clock, PER_PRINCIPAL, MAX_SESSIONS);
  }

  UiSessions(BrowserSessionStore store, Clock clock, int perPrincipal, int max) {
    this.store = store;
    this.clock = clock;
    this.perPrincipal = perPrincipal;
    this.max = max;
  }

  /** Starts a session for the principal, ending at {@code min(now + LIFETIME, notAfter)}. */
  UiSession create(Principal principal, Optional<Instant> notAfter) {
    Instant now = clock.instant();
    Instant end = now.plus(LIFETIME);
    if (notAfter.isPresent() && notAfter.get().isBefore(end)) {
      end = notAfter.get();
    }
    String id = token();
    String csrf = token();
    String key = key(id);
    store.create(
        new BrowserSession(
            key,
            principal.account(),
            principal.arn(),
            principal.name(),
            principal.accessKeyId(),
            principal.type().name(),
            principal.sourceArn(),
            csrf,
            now,
            end),
        perPrincipal,
        max);
    return new UiSession(id, key, principal, csrf, end, store);
  }

  /** Sessions stored now (ended ones not yet dropped included). */
  int size() {
    return store.count();
  }

  /** The live session with this id; an expired one is dropped. */
  Optional<UiSession> find(String id) {
    String key = key(id);
    return store
        .find(key, clock.instant())
        .map(
            s ->
                new UiSession(
                    id,
                    key,
                    new Principal(
                        s.account(),
                        s.principalArn(),
                        s.principalName(),
                        s.accessKeyId(),
                        Principal.Type.valueOf(s.principalType()),
                        s.sourceArn()),
                    s.csrf(),
                    s.expiresAt(),
                    store));
  }

  void remove(String id) {
    store.remove(key(id));
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
