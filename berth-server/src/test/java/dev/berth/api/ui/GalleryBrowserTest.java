package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.auth.Principal;
import dev.berth.auth.RegistryTokens;
import dev.berth.model.AccountId;
import dev.berth.testkit.ContainerClients;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The public gallery in Chromium: the owner edits a public repository's catalog data in the signed
 * in browser (with script in every field), then an anonymous visitor finds it by searching, reads
 * its rendered usage text, copies the pull command and pulls with skopeo without credentials; no
 * script from the catalog data ever runs.
 */
class GalleryBrowserTest {
  private static final String PUBLIC_HOST = "public.ecr.localhost";

  @TempDir Path tmp;
  TestNode node;
  Browser browser;

  @BeforeEach
  void start() throws Exception {
    assertThat(Skopeo.available()).as("skopeo must be installed (CI installs it)").isTrue();
    node = TestNode.start(tmp.resolve("node"));
    browser = Browser.start(node.base(), tmp.resolve("profile"));
  }

  @AfterEach
  void stop() {
    Browser.stop(browser, node);
  }

  @Test
  void anonymousVisitor_findsReadsCopiesAndPulls_andNoCatalogScriptRuns() throws Exception {
    browser.signInAsRoot();
    browser.open("/ui/public");
    browser.find("#publicRepositoryName").sendKeys("web/site");
    browser.find("#create-public").click();
    browser.waitForPath("/ui/public/edit");
    fill("#description", "Serves the site <script>window.__xss='description'</script>");
    fill("#architectures", "x86-64, <svg onload=\"window.__xss='arch'\">");
    fill("#operatingSystems", "Linux");
    fill(
        "#aboutText",
        "**Static** site <iframe src=\"javascript:window.__xss='about'\"></iframe>"
            + " <img src=x onerror=\"window.__xss='img'\">");
    fill(
        "#usageText",
        "## Run it\n\n`docker run site`\n\n<script>window.__xss='usage'</script>\n\n"
            + "[click me](javascript:window.__xss='link')");
    browser.find("#save-catalog").click();
    browser.waitFor(d -> !browser.all(".notice.ok").isEmpty());
    browser.screenshots("gallery-owner-edit");
    browser.open("/ui/public");
    fill("#alias", "acme-tools");
    browser.find("#change-alias").click();
    browser.waitFor(d -> !browser.all(".notice.ok").isEmpty());
    String alias =
        node.berth()
            .services()
            .publicRegistries()
            .registries()
            .ensure(new AccountId("000000000000"))
            .alias();
    assertThat(alias).isEqualTo("acme-tools");
    assertThat(browser.text("#public-registry-uri")).endsWith("/acme-tools");
    String registry = PUBLIC_HOST + ":" + node.berth().port();
    Path hosts =
        Files.writeString(
            tmp.resolve("hosts"), "127.0.0.1 localhost\n127.0.0.1 " + PUBLIC_HOST + "\n");
    Path layout = tmp.resolve("layout");
    OciLayoutFixture.writeImage(layout, "v1", 2, 30_000, 3L);
    String token =
        node.berth()
            .services()
            .tokens()
            .issuePublic(
                Principal.root(new AccountId("000000000000"), TestNode.ROOT_ACCESS_KEY_ID),
                RegistryTokens.VALIDITY)
            .token();
    ContainerClients.isolatedIn(tmp.resolve("owner"))
        .withHosts(hosts)
        .skopeo(
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "--dest-creds",
            "AWS:" + token,
            "oci:" + layout + ":v1",
            "docker://" + registry + "/" + alias + "/web/site:v1")
        .orThrow();

    browser.find("form[action='/ui/sign-out'] button").click();
    browser.waitForPath("/ui/sign-in");
    browser.open("/gallery");
    browser.find("#q").sendKeys("x86-64");
    browser.find("#search").click();
    browser.waitFor(d -> !browser.all("a.result-name").isEmpty());
    assertThat(browser.text("a.result-name")).isEqualTo(alias + "/web/site");
    browser.screenshots("gallery-search");
    browser.find("a.result-name").click();
    browser.waitForPath("/gallery/" + alias + "/web/site");

    assertThat(browser.text("#usage h2:not(:first-child)")).isEqualTo("Run it");
    assertThat(browser.text("#usage code")).isEqualTo("docker run site");
    assertThat(browser.text("#about strong")).isEqualTo("Static");
    assertThat(browser.text("#description")).contains("<script>");
    assertThat(browser.all("main script, main iframe, main svg, main img")).isEmpty();
    for (WebElement link : browser.all("main a")) {
      assertThat(String.valueOf(link.getAttribute("href"))).doesNotStartWith("javascript:");
    }
    assertThat(browser.js("return window.__xss === undefined")).isEqualTo(true);
    browser.screenshots("gallery-repository");

    WebElement copy = browser.find("button.copy-pull");
    copy.click();
    browser.waitFor(d -> copy.getText().equals("Copied"));
    String command = String.valueOf(copy.getAttribute("data-copy"));
    assertThat(command).isEqualTo("docker pull " + registry + "/" + alias + "/web/site:v1");
    assertThat(browser.text(".tag-row .tag")).isEqualTo("v1");

    Skopeo.Result pulled =
        ContainerClients.isolatedIn(tmp.resolve("visitor"))
            .withHosts(hosts)
            .skopeo(
                "copy",
                "--quiet",
                "--src-tls-verify=false",
                "docker://" + command.substring("docker pull ".length()),
                "oci:" + tmp.resolve("pulled") + ":v1");
    pulled.orThrow();
    browser.open("/gallery/" + alias + "/web/site");
    assertThat(browser.text("#pulls")).isEqualTo("1 pull");
    assertThat(browser.js("return window.__xss === undefined")).isEqualTo(true);
  }

  private void fill(String css, String text) {
    WebElement field = browser.find(css);
    field.clear();
    field.sendKeys(text);
  }
}
