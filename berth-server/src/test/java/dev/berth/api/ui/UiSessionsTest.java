package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.auth.Principal;
import dev.berth.model.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Browser sessions on the metadata store (SQLite here; the store's own suite covers PostgreSQL).
 */
class UiSessionsTest {
  private static final Principal ROOT = Principal.root(new AccountId("123456789012"), "AKIA1");

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;
  private final java.util.List<dev.berth.meta.MetadataStore> opened = new java.util.ArrayList<>();

  private dev.berth.auth.BrowserSessionStore store() {
    dev.berth.meta.MetadataStore meta =
        dev.berth.meta.jdbc.JdbcMetadata.open(
            "jdbc:sqlite:" + dir.resolve("b" + opened.size() + ".db"));
    opened.add(meta);
    return meta.browserSessions();
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    opened.forEach(dev.berth.meta.MetadataStore::close);
  }

  /** A notice set through one node's view of a session is taken once, through another's. */
  @Test
  void aNotice_isKeptInTheStore_andTakenOnce() {
    dev.berth.auth.BrowserSessionStore shared = store();
    UiSessions one = new UiSessions(shared, new Hands());
    UiSessions other = new UiSessions(shared, new Hands());
    UiSession s = one.create(ROOT, Optional.empty());
    s.notice("ok", "Saved.");
    UiSession elsewhere = other.find(s.id()).orElseThrow();
    assertThat(elsewhere.principal()).isEqualTo(ROOT);
    assertThat(elsewhere.takeNotice())
        .contains(new dev.berth.auth.BrowserSessionStore.Notice("ok", "Saved."));
    assertThat(s.takeNotice()).isEmpty();
  }

  /** A clock the test moves. */
  private static final class Hands extends Clock {
    Instant now = Instant.parse("2026-01-02T03:04:05Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void sessions_haveRandomIdsAndTokens_andEndAfterAnHour() {
    Hands clock = new Hands();
    UiSessions sessions = new UiSessions(store(), clock);
    UiSession a = sessions.create(ROOT, Optional.empty());
    UiSession b = sessions.create(ROOT, Optional.empty());
    assertThat(a.id()).isNotEqualTo(b.id()).hasSize(43);
    assertThat(a.csrf()).isNotEqualTo(b.csrf()).isNotEqualTo(a.id());
    assertThat(a.expiresAt()).isEqualTo(clock.now.plus(UiSessions.LIFETIME));
    assertThat(sessions.find(a.id()).map(UiSession::csrf)).contains(a.csrf());
    assertThat(sessions.find(a.id()).map(UiSession::principal)).contains(ROOT);
    assertThat(sessions.find("not-" + a.id())).isEmpty();
    clock.now = clock.now.plus(Duration.ofMinutes(61));
    assertThat(sessions.find(a.id())).isEmpty();
  }

  @Test
  void aSession_neverOutlivesTemporaryCredentials() {
    Hands clock = new Hands();
    UiSessions sessions = new UiSessions(store(), clock);
    Instant soon = clock.now.plus(Duration.ofMinutes(5));
    assertThat(sessions.create(ROOT, Optional.of(soon)).expiresAt()).isEqualTo(soon);
  }

  @Test
  void signOut_removesTheSession() {
    UiSessions sessions = new UiSessions(store(), new Hands());
    UiSession s = sessions.create(ROOT, Optional.empty());
    sessions.remove(s.id());
    assertThat(sessions.find(s.id())).isEmpty();
  }

  private static Principal user(int i) {
    return Principal.user(new AccountId("123456789012"), "/", "user" + i, "AKIAU" + i);
  }

  /** Issue 9, item 8: a principal's sessions are capped; more end its oldest, not others'. */
  @Test
  void aPrincipal_holdsAtMostItsCap_losingItsOldest() {
    Hands clock = new Hands();
    UiSessions sessions = new UiSessions(store(), clock);
    UiSession root = sessions.create(ROOT, Optional.empty());
    java.util.List<UiSession> mine = new java.util.ArrayList<>();
    for (int i = 0; i < UiSessions.PER_PRINCIPAL + 5; i++) {
      mine.add(sessions.create(user(1), Optional.empty()));
    }
    for (int i = 0; i < mine.size(); i++) {
      assertThat(sessions.find(mine.get(i).id()).isPresent()).as("session %d", i).isEqualTo(i >= 5);
    }
    assertThat(sessions.find(root.id())).isPresent();
    assertThat(sessions.size()).isEqualTo(UiSessions.PER_PRINCIPAL + 1);
  }

  /**
   * Issue 9, item 8: when the node is full a sign-in still succeeds, ending the oldest session of
   * the principal holding the most, so root is never refused and others' floods end their own
   * sessions, not root's.
   */
  @Test
  void aFullNode_makesRoomFromTheLargestHolder() {
    Hands clock = new Hands();
    UiSessions sessions = new UiSessions(store(), clock, 4, 10);
    UiSession root = sessions.create(ROOT, Optional.empty());
    UiSession last = root;
    for (int round = 0; round < 20; round++) {
      for (int u = 0; u < 3; u++) {
        last = sessions.create(user(u), Optional.empty());
        assertThat(sessions.size()).isLessThanOrEqualTo(10);
      }
    }
    assertThat(sessions.find(root.id())).as("root's session survives the flood").isPresent();
    assertThat(sessions.find(last.id())).isPresent();
    UiSession again = sessions.create(ROOT, Optional.empty());
    assertThat(sessions.find(again.id())).isPresent();
    assertThat(sessions.find(root.id())).isPresent();
    assertThat(sessions.size()).isEqualTo(10);
  }

  @Test
  void aNodeFullOfPrincipals_stillLetsRootIn() {
    UiSessions sessions = new UiSessions(store(), new Hands(), 4, 10);
    for (int u = 0; u < 50; u++) {
      sessions.create(user(u), Optional.empty());
    }
    UiSession root = sessions.create(ROOT, Optional.empty());
    assertThat(sessions.find(root.id())).isPresent();
    assertThat(sessions.size()).isEqualTo(10);
  }

  @Test
  void endedSessions_makeRoomFirst() {
    Hands clock = new Hands();
    UiSessions sessions = new UiSessions(store(), clock, 10, 3);
    UiSession a = sessions.create(user(1), Optional.empty());
    sessions.create(user(2), Optional.empty());
    UiSession c = sessions.create(user(2), Optional.of(clock.now.plusSeconds(1)));
    clock.now = clock.now.plusSeconds(2);
    sessions.create(ROOT, Optional.empty());
    assertThat(sessions.find(a.id())).isPresent();
    assertThat(sessions.find(c.id())).isEmpty();
    assertThat(sessions.size()).isEqualTo(3);
  }

  @Test
  void secrets_compareByValue() {
    assertThat(UiSessions.same("abc", "abc")).isTrue();
    assertThat(UiSessions.same("abc", "abd")).isFalse();
    assertThat(UiSessions.same("abc", "abcd")).isFalse();
    assertThat(UiSessions.same("", "")).isTrue();
  }

  @Test
  void nextPaths_stayOnThisUi() {
    assertThat(SignIn.isLocal("/ui/repositories/team/app")).isTrue();
    assertThat(SignIn.isLocal("//evil.example/ui/")).isFalse();
    assertThat(SignIn.isLocal("https://evil.example/")).isFalse();
    assertThat(SignIn.isLocal("/ui/\\evil")).isFalse();
  }
}
