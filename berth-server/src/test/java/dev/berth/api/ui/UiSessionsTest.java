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
