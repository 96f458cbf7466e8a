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

class UiSessionsTest {
  private static final Principal ROOT = Principal.root(new AccountId("123456789012"), "AKIA1");

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
    UiSessions sessions = new UiSessions(clock);
    UiSession a = sessions.create(ROOT, Optional.empty());
    UiSession b = sessions.create(ROOT, Optional.empty());
    assertThat(a.id()).isNotEqualTo(b.id()).hasSize(43);
    assertThat(a.csrf()).isNotEqualTo(b.csrf()).isNotEqualTo(a.id());
    assertThat(a.expiresAt()).isEqualTo(clock.now.plus(UiSessions.LIFETIME));
    assertThat(sessions.find(a.id())).containsSame(a);
    assertThat(sessions.find("not-" + a.id())).isEmpty();
    clock.now = clock.now.plus(Duration.ofMinutes(61));
    assertThat(sessions.find(a.id())).isEmpty();
  }

  @Test
  void aSession_neverOutlivesTemporaryCredentials() {
    Hands clock = new Hands();
    UiSessions sessions = new UiSessions(clock);
    Instant soon = clock.now.plus(Duration.ofMinutes(5));
    assertThat(sessions.create(ROOT, Optional.of(soon)).expiresAt()).isEqualTo(soon);
  }

  @Test
  void signOut_removesTheSession() {
    UiSessions sessions = new UiSessions(new Hands());
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
    UiSessions sessions = new UiSessions(clock);
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
    UiSessions sessions = new UiSessions(clock, 4, 10);
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
    UiSessions sessions = new UiSessions(new Hands(), 4, 10);
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
    UiSessions sessions = new UiSessions(clock, 10, 3);
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
