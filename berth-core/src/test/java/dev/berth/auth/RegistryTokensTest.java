package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 2: a download token is good for its one blob until it expires, and never as a login
 * token (nor a login token as a download token).
 */
class RegistryTokensTest {
  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final AccountId ACCOUNT = new AccountId("123456789012");
  private static final RegistryId REGISTRY = new RegistryId(ACCOUNT, "us-east-1");
  private static final Principal ALICE = Principal.user(ACCOUNT, "/", "alice", "AKIAALICE");
  private static final String DIGEST = "sha256:" + "a".repeat(64);

  private static RegistryTokens at(Instant when) {
    return new RegistryTokens(KEY, Clock.fixed(when, ZoneOffset.UTC));
  }

  private static void assertUnauthorized(Runnable r) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED));
  }

  @Test
  void downloadToken_worksForItsBlobUntilItExpires() {
    String token =
        at(NOW)
            .issueDownload(ALICE, REGISTRY, "team/app", DIGEST, RegistryTokens.DOWNLOAD_VALIDITY)
            .token();

    assertThat(
            at(NOW.plus(RegistryTokens.DOWNLOAD_VALIDITY).minusSeconds(1))
                .verifyDownload(token, REGISTRY, "team/app", DIGEST))
        .isEqualTo(ALICE);
    assertUnauthorized(
        () ->
            at(NOW.plus(RegistryTokens.DOWNLOAD_VALIDITY).plusSeconds(1))
                .verifyDownload(token, REGISTRY, "team/app", DIGEST));
    assertThat(RegistryTokens.DOWNLOAD_VALIDITY).isLessThanOrEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void downloadToken_isRefusedForAnythingElse() {
    RegistryTokens tokens = at(NOW);
    String token =
        tokens.issueDownload(ALICE, REGISTRY, "team/app", DIGEST, Duration.ofMinutes(10)).token();

    assertUnauthorized(() -> tokens.verify(token));
    assertUnauthorized(() -> tokens.verifyDownload(token, REGISTRY, "team/other", DIGEST));
    assertUnauthorized(
        () ->
            tokens.verifyDownload(
                token,
                new RegistryId(new AccountId("210987654321"), "us-east-1"),
                "team/app",
                DIGEST));
    assertUnauthorized(
        () -> tokens.verifyDownload(token, REGISTRY, "team/app", "sha256:" + "b".repeat(64)));
  }

  @Test
  void loginToken_isNoDownloadToken() {
    RegistryTokens tokens = at(NOW);
    String login = tokens.issue(ALICE, RegistryTokens.VALIDITY).token();

    assertThat(tokens.verify(login)).isEqualTo(ALICE);
    assertUnauthorized(() -> tokens.verifyDownload(login, REGISTRY, "team/app", DIGEST));
  }
}
