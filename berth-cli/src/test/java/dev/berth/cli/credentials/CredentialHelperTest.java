package dev.berth.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol in process against a real node: {@code get}, {@code list}, {@code store}, {@code
 * erase} and their errors as docker-credential-helpers' clients read them, and the token cache.
 */
class CredentialHelperTest {
  @TempDir static Path nodeDir;
  private static HelperNode node;

  @TempDir Path tmp;

  @BeforeAll
  static void startNode() throws Exception {
    node = HelperNode.start(nodeDir.resolve("data"));
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  /** What one run of the helper printed and returned. */
  record Run(int exit, String stdout, String stderr) {
    JsonNode json() {
      try {
        return Json.mapper().readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + stdout, e);
      }
    }
  }

  private static Run run(Protocol.Action action, String stdin, Map<String, String> env, Path home) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int exit =
        Protocol.run(
            action,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            errStream,
            () -> CredentialHelper.of(env, home, Clock.systemUTC(), errStream));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run run(Protocol.Action action, String stdin, Identity id) {
    return run(action, stdin, id.env(), id.home());
  }

  private Identity newIdentity(String name) {
    String[] key = node.newRootKey();
    return Identity.of(tmp.resolve(name), key[0], key[1]);
  }

  @Test
  void get_answersWithALoginTheNodeAccepts() {
    Identity id = newIdentity("a");
    Run r = run(Protocol.Action.GET, node.hostPort() + "\n", id);

    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode login = r.json();
    assertThat(login.properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("ServerURL", "Username", "Secret");
    assertThat(login.path("ServerURL").asText()).isEqualTo(node.hostPort());
    assertThat(login.path("Username").asText()).isEqualTo("AWS");
    var principal = node.verify(login.path("Secret").asText());
    assertThat(principal.accessKeyId()).isEqualTo(id.keyId());
    assertThat(principal.account()).isEqualTo(node.account());
  }

  @Test
  void get_echoesTheServerUrlAsGivenWithSchemeAndPath() {
    Identity id = newIdentity("a");
    String url = "http://" + node.hostPort() + "/v2/";
    Run r = run(Protocol.Action.GET, url, id);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.json().path("ServerURL").asText()).isEqualTo(url);
  }

  @Test
  void get_secondCallComesFromThePrivateCacheWithoutAskingTheNode() throws Exception {
    Identity id = newIdentity("a");
    String first = run(Protocol.Action.GET, node.hostPort(), id).json().path("Secret").asText();
    assertThat(id.cacheFile()).exists();
    assertThat(Files.getPosixFilePermissions(id.cacheFile()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(id.cacheDir()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.readString(id.cacheFile())).doesNotContain(id.secret());

    // With the key gone, GetAuthorizationToken would fail: an answer can only be the cached one.
    node.revoke(id.keyId());
    Run second = run(Protocol.Action.GET, node.hostPort(), id);
    assertThat(second.exit()).as(second.toString()).isZero();
    assertThat(second.json().path("Secret").asText()).isEqualTo(first);

    Files.delete(id.cacheFile());
    Run uncached = run(Protocol.Action.GET, node.hostPort(), id);
    assertThat(uncached.exit()).isEqualTo(1);
    assertThat(uncached.stdout()).isEqualTo(HelperException.NOT_FOUND + "\n");
    assertThat(uncached.stderr()).contains("failed to get a token from http://" + node.hostPort());
  }

  @Test
  void get_cachesPerIdentity() {
    Identity a = newIdentity("a");
    Identity b = newIdentity("b");
    String tokenA = run(Protocol.Action.GET, node.hostPort(), a).json().path("Secret").asText();
    // b's credentials with a's home, so both share one cache file: b gets a token of its own.
    Map<String, String> env = new HashMap<>(a.env());
    env.put("AWS_SHARED_CREDENTIALS_FILE", b.credentialsFile().toString());
    Run r = run(Protocol.Action.GET, node.hostPort(), env, a.home());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(node.verify(r.json().path("Secret").asText()).accessKeyId()).isEqualTo(b.keyId());
    assertThat(node.verify(tokenA).accessKeyId()).isEqualTo(a.keyId());
    assertThat(run(Protocol.Action.GET, node.hostPort(), a).json().path("Secret").asText())
        .isEqualTo(tokenA);
  }

  @Test
  void get_withWrongSecret_isNotFoundWithTheReasonOnStderr() {
    String[] key = node.newRootKey();
    Identity id = Identity.of(tmp.resolve("a"), key[0], "not-the-secret");
    Run r = run(Protocol.Action.GET, node.hostPort(), id);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stdout()).isEqualTo("credentials not found in native keychain\n");
    assertThat(r.stderr()).contains("signature");
    assertThat(id.cacheFile()).doesNotExist();
  }

  @Test
  void get_forAServerThatIsNotThere_isNotFound() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Identity id = newIdentity("a");
    Run r = run(Protocol.Action.GET, "127.0.0.1:" + closed, id);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stdout()).isEqualTo("credentials not found in native keychain\n");
    assertThat(r.stderr()).contains("http://127.0.0.1:" + closed);
  }

  @Test
  void get_withoutServerUrl_saysSo() {
    Identity id = newIdentity("a");
    Run r = run(Protocol.Action.GET, " \n", id);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stdout()).isEqualTo("no credentials server URL\n");
  }

  @Test
  void get_honoursBerthEndpoint() {
    Identity id = newIdentity("a");
    Map<String, String> env = new HashMap<>(id.env());
    env.put("BERTH_ENDPOINT", "http://" + node.hostPort());
    Run r = run(Protocol.Action.GET, "registry.invalid:5000", env, id.home());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.json().path("ServerURL").asText()).isEqualTo("registry.invalid:5000");
    assertThat(node.verify(r.json().path("Secret").asText()).accessKeyId()).isEqualTo(id.keyId());
  }

  @Test
  void list_namesTheCachedServers() {
    Identity id = newIdentity("a");
    assertThat(run(Protocol.Action.LIST, "", id).json().isEmpty()).isTrue();
    run(Protocol.Action.GET, node.hostPort(), id);
    run(Protocol.Action.GET, "localhost:" + node.port(), id);
    Run r = run(Protocol.Action.LIST, "", id);
    assertThat(r.exit()).isZero();
    assertThat(r.json())
        .isEqualTo(
            Json.mapper()
                .valueToTree(Map.of(node.hostPort(), "AWS", "localhost:" + node.port(), "AWS")));
  }

  @Test
  void storeAndErase_areRefusedAsTheEcrHelperRefusesThem() {
    Identity id = newIdentity("a");
    String creds =
        "{\"ServerURL\":\"" + node.hostPort() + "\",\"Username\":\"AWS\",\"Secret\":\"x\"}";
    Run store = run(Protocol.Action.STORE, creds, id);
    assertThat(store.exit()).isEqualTo(1);
    assertThat(store.stdout()).isEqualTo("not implemented\n");
    Run erase = run(Protocol.Action.ERASE, node.hostPort(), id);
    assertThat(erase.exit()).isEqualTo(1);
    assertThat(erase.stdout()).isEqualTo("not implemented\n");
    assertThat(run(Protocol.Action.ERASE, "", id).stdout())
        .isEqualTo("no credentials server URL\n");
  }

  @Test
  void badSetting_isOneLine() {
    Identity id = newIdentity("a");
    Map<String, String> env = new HashMap<>(id.env());
    env.put("BERTH_ENDPOINT_SCHEME", "ftp");
    Run r = run(Protocol.Action.GET, node.hostPort(), env, id.home());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stdout()).isEqualTo("BERTH_ENDPOINT_SCHEME: expected http or https, got 'ftp'\n");
  }
}
