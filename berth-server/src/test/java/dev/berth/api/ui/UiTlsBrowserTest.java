package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.testkit.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;

/**
 * Issue 11: the registry browser over HTTPS from a {@code tls: auto} node, in a Chromium that
 * trusts the node's CA the way a user's would: an NSS database under {@code $HOME/.pki/nssdb}
 * holding the CA as a trusted issuer ({@code certutil -A -t "C,,"}). No certificate error is
 * ignored; a Chromium without the CA stops at its certificate warning.
 */
class UiTlsBrowserTest {
  private static final Duration CERTUTIL_TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path tmp;
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.startTls(tmp.resolve("node"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A {@code HOME} whose NSS database trusts the node's CA for TLS servers. */
  private static Path homeTrustingTheCa() throws Exception {
    assertThat(Files.isExecutable(Path.of("/usr/bin/certutil")))
        .as("certutil (Debian libnss3-tools) must be installed; ./berth test installs it")
        .isTrue();
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path db = Files.createDirectories(home.resolve(".pki/nssdb"));
    Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString());
    String nss = "sql:" + db;
    Skopeo.exec(CERTUTIL_TIMEOUT, env, List.of("certutil", "-d", nss, "-N", "--empty-password"))
        .orThrow();
    Skopeo.exec(
            CERTUTIL_TIMEOUT,
            env,
            List.of(
                "certutil",
                "-d",
                nss,
                "-A",
                "-t",
                "C,,",
                "-n",
                "berth",
                "-i",
                node.caCertificate().toString()))
        .orThrow();
    return home;
  }

  @Test
  void chromiumTrustingTheCa_signsInOverHttps_withASecureSessionCookie() throws Exception {
    Path home = homeTrustingTheCa();
    node.createRepository("tls/ui");
    try (Browser browser =
        Browser.start(node.base(), tmp.resolve("profile"), Map.of("HOME", home.toString()))) {
      browser.open("/ui/");
      browser.waitFor(d -> browser.path().equals("/ui/sign-in"));
      assertThat(browser.js("return location.protocol")).isEqualTo("https:");
      browser.signIn(TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
      browser.waitForPath("/ui/repositories");
      assertThat(browser.text(".who .principal")).isEqualTo("root");
      Cookie session =
          java.util.Objects.requireNonNull(
              browser.driver.manage().getCookieNamed(SignIn.SESSION_COOKIE), "session cookie");
      assertThat(session.isSecure()).as("the session cookie is sent over TLS only").isTrue();

      browser.open("/ui/repositories/tls/ui/-/push");
      browser.waitForPath("/ui/repositories/tls/ui/-/push");
      assertThat(browser.all("#cmd-skopeo")).as("no --tls-verify=false advice over TLS").isEmpty();
      browser.screenshots("tls-push-commands");
    }
  }

  @Test
  void chromiumWithoutTheCa_stopsAtTheCertificateWarning() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home-without-ca"));
    try (Browser browser =
        Browser.start(
            node.base(), tmp.resolve("profile-without-ca"), Map.of("HOME", home.toString()))) {
      browser.open("/ui/sign-in");
      browser.waitFor(d -> "complete".equals(browser.js("return document.readyState")));
      assertThat(browser.all("#accessKeyId")).isEmpty();
      assertThat(browser.driver.getPageSource()).contains("ERR_CERT_AUTHORITY_INVALID");
    }
  }
}
