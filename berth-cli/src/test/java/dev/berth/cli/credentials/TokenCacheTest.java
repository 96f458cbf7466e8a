package dev.berth.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCacheTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  @TempDir Path tmp;

  private static Token expiringIn(String server, Duration d) {
    return new Token(server, "AWS", "token-" + server, NOW.plus(d));
  }

  @Test
  void find_returnsATokenUntilFiveMinutesBeforeItExpires() throws Exception {
    TokenCache cache = new TokenCache(tmp.resolve("berth"));
    Token token = expiringIn("a:1", Duration.ofHours(12));
    cache.put("k", token, NOW);

    assertThat(cache.find("k", NOW)).contains(token);
    assertThat(cache.find("k", NOW.plus(Duration.ofHours(12)).minusSeconds(301))).contains(token);
    assertThat(cache.find("k", NOW.plus(Duration.ofHours(12)).minusSeconds(300))).isEmpty();
    assertThat(cache.find("other", NOW)).isEmpty();
  }

  @Test
  void put_ignoresATokenWithFiveMinutesOrLessLeft_andDropsStaleEntries() throws Exception {
    TokenCache cache = new TokenCache(tmp.resolve("berth"));
    cache.put("short", expiringIn("a:1", Duration.ofMinutes(5)), NOW);
    assertThat(cache.file()).doesNotExist();

    cache.put("old", expiringIn("a:1", Duration.ofMinutes(10)), NOW);
    cache.put("new", expiringIn("b:2", Duration.ofHours(1)), NOW.plus(Duration.ofMinutes(6)));
    assertThat(Files.readString(cache.file())).doesNotContain("\"old\"").contains("\"new\"");
    assertThat(cache.entries(NOW).keySet()).containsExactly("new");
  }

  @Test
  void unreadableFile_isAnEmptyCache() throws Exception {
    TokenCache cache = new TokenCache(tmp);
    Files.writeString(cache.file(), "{not json");
    assertThat(cache.find("k", NOW)).isEmpty();
    cache.put("k", expiringIn("a:1", Duration.ofHours(1)), NOW);
    assertThat(cache.find("k", NOW)).isPresent();
  }
}
