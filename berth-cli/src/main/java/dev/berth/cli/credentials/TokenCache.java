package dev.berth.cli.credentials;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.common.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Tokens kept between runs of the helper, in one JSON file readable by its owner only ({@code
 * 0600}, in a {@code 0700} directory): {@code {"<key>": {"serverUrl", "username", "secret",
 * "expiresAt"}}}, where the key is a hash of the registry, the endpoint, the region and the
 * credential identity. A token is used until {@link #MARGIN} before it expires; expired entries are
 * dropped whenever the file is written. Writes replace the file atomically, so a reader never sees
 * half of one; two helpers writing at once may lose one entry, which costs one more
 * GetAuthorizationToken.
 */
final class TokenCache {
  /** A cached token is not handed out in its last five minutes. */
  static final Duration MARGIN = Duration.ofMinutes(5);

  static final String FILE_NAME = "credential-helper-tokens.json";

  private static final TypeReference<TreeMap<String, Entry>> ENTRIES = new TypeReference<>() {};

  /** One entry as the file stores it; {@code expiresAt} in ISO-8601. */
  record Entry(String serverUrl, String username, String secret, String expiresAt) {
    static Entry of(Token t) {
      return new Entry(t.serverUrl(), t.username(), t.secret(), t.expiresAt().toString());
    }

    Token token() {
      return new Token(serverUrl, username, secret, Instant.parse(expiresAt));
    }
  }

  private final Path dir;

  TokenCache(Path dir) {
    this.dir = dir;
  }

  Path file() {
    return dir.resolve(FILE_NAME);
  }

  /** The cache key of a registry, endpoint, region and identity. */
  static String key(String registry, String endpoint, String region, String identity) {
    return AwsSetup.sha256(registry + "\n" + endpoint + "\n" + region + "\n" + identity);
  }

  /** The token under {@code key}, unless it expires within {@link #MARGIN} of {@code now}. */
  Optional<Token> find(String key, Instant now) {
    return Optional.ofNullable(read().get(key)).filter(t -> usable(t, now));
  }

  /** Every usable entry, by key. */
  Map<String, Token> entries(Instant now) {
    Map<String, Token> usable = new TreeMap<>(read());
    usable.values().removeIf(t -> !usable(t, now));
    return usable;
  }

  private static boolean usable(Token t, Instant now) {
    return now.isBefore(t.expiresAt().minus(MARGIN));
  }

  /** Stores {@code token} under {@code key} (when it is usable at all) and drops stale entries. */
  void put(String key, Token token, Instant now) throws IOException {
    Map<String, Token> entries = entries(now);
    if (!usable(token, now)) {
      return;
    }
    entries.put(key, token);
    Files.createDirectories(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path tmp =
        Files.createTempFile(
            dir,
            ".tokens-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Map<String, Entry> file = new TreeMap<>();
      entries.forEach((k, t) -> file.put(k, Entry.of(t)));
      Files.write(tmp, Json.write(file));
      try {
        Files.move(
            tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The file's entries; none when it is missing or unreadable (it is only a cache). */
  private Map<String, Token> read() {
    try {
      Map<String, Token> tokens = new TreeMap<>();
      Json.mapper()
          .readValue(Files.readAllBytes(file()), ENTRIES)
          .forEach((k, e) -> tokens.put(k, e.token()));
      return tokens;
    } catch (NoSuchFileException missing) {
      return new TreeMap<>();
    } catch (IOException | RuntimeException unreadable) {
      return new TreeMap<>();
    }
  }
}
