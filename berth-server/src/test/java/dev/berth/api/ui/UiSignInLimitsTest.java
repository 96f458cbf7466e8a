package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 8, over real HTTP: a user without any permission cannot fill the browser's session
 * table or lock root out; its oldest sessions end instead, and rapid or failed sign-ins from one
 * address or for one key are answered 429 with {@code Retry-After}. Each test signs in from its own
 * loopback addresses, so the tests do not share rate-limit buckets.
 */
class UiSignInLimitsTest {
  @TempDir static Path tmp;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(tmp.resolve("node"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  /** A client whose connections come from {@code address} (any 127.0.0.0/8 address). */
  private static HttpClient from(String address) throws Exception {
    return HttpClient.newBuilder()
        .localAddress(InetAddress.getByName(address))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Fetches the sign-in form and posts it; returns the answer. */
  private static HttpResponse<String> signIn(HttpClient client, String keyId, String secret)
      throws Exception {
    HttpResponse<String> form =
        client.send(
            HttpRequest.newBuilder(node.base().resolve("/ui/sign-in")).build(),
            HttpResponse.BodyHandlers.ofString());
    String formCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
    String token = formCookie.substring(formCookie.indexOf('=') + 1, formCookie.indexOf(';'));
    return client.send(
        HttpRequest.newBuilder(node.base().resolve("/ui/sign-in"))
            .header("Cookie", formCookie.substring(0, formCookie.indexOf(';')))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "_csrf="
                        + token
                        + "&accessKeyId="
                        + URLEncoder.encode(keyId, StandardCharsets.UTF_8)
                        + "&secretAccessKey="
                        + URLEncoder.encode(secret, StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The session cookie a successful sign-in set. */
  private static String session(HttpResponse<String> signedIn) {
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
    String c =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(v -> v.startsWith(SignIn.SESSION_COOKIE + "="))
            .findFirst()
            .orElseThrow();
    return c.substring(0, c.indexOf(';'));
  }

  /** Whether the session cookie still opens a page instead of sending the browser to sign in. */
  private static boolean live(HttpClient client, String cookie) throws Exception {
    HttpResponse<String> page =
        client.send(
            HttpRequest.newBuilder(node.base().resolve("/ui/repositories"))
                .header("Cookie", cookie)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return !page.headers().firstValue("Location").orElse("").startsWith("/ui/sign-in");
  }

  private static void assertTooMany(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
    assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 60L);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains("Too many sign-in attempts").contains("Nothing was checked");
    assertThat(r.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith(SignIn.SESSION_COOKIE + "="));
  }

  @Test
  void aUserWithoutPermissions_losesItsOldestSessions_andCannotLockRootOut() throws Exception {
    UiAws.run(node, tmp, "iam", "create-user", "--user-name", "nobody");
    List<String[]> keys = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JsonNode k =
          UiAws.run(node, tmp, "iam", "create-access-key", "--user-name", "nobody")
              .path("AccessKey");
      keys.add(new String[] {k.path("AccessKeyId").asText(), k.path("SecretAccessKey").asText()});
    }
    HttpClient client = from("127.0.0.2");
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      String[] key = keys.get(i < 10 ? 0 : 1);
      sessions.add(session(signIn(client, key[0], key[1])));
    }
    for (int i = 0; i < sessions.size(); i++) {
      assertThat(live(client, sessions.get(i)))
          .as("session %d of 15 (at most %d per principal)", i, UiSessions.PER_PRINCIPAL)
          .isEqualTo(i >= 15 - UiSessions.PER_PRINCIPAL);
    }
    assertTooMany(signIn(client, keys.get(0)[0], keys.get(0)[1]));

    String root =
        session(signIn(client, TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY));

    assertThat(live(client, root)).isTrue();
    assertThat(live(client, sessions.get(14))).isTrue();
  }

  @Test
  void rapidSignIns_fromOneAddress_get429() throws Exception {
    HttpClient client = from("127.0.0.3");
    for (int i = 0; i < SignInLimiter.PER_ADDRESS.capacity(); i++) {
      assertThat(signIn(client, "AKIANOSUCHKEY" + i, "wrong").statusCode()).isEqualTo(401);
    }

    assertTooMany(signIn(client, "AKIANOSUCHKEYX", "wrong"));
    assertTooMany(signIn(client, TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY));
    HttpClient other = from("127.0.0.4");
    session(signIn(other, TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY));
  }

  @Test
  void failedSignIns_forOneKey_get429_fromEveryAddress() throws Exception {
    String key = "AKIATARGETEDKEY00000";
    for (int i = 0; i < SignInLimiter.PER_KEY.capacity(); i++) {
      assertThat(signIn(from("127.0.1." + (i + 1)), key, "guess" + i).statusCode()).isEqualTo(401);
    }

    assertTooMany(signIn(from("127.0.1.200"), key, "guess"));
    assertThat(signIn(from("127.0.1.200"), "AKIAANOTHERKEY000000", "guess").statusCode())
        .as("other keys from that address are still checked")
        .isEqualTo(401);
  }
}
