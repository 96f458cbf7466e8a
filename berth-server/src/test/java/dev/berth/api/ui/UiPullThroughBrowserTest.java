package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.meta.PullThroughRule;
import dev.berth.model.RegistryId;
import dev.berth.testkit.DistributionServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

/**
 * Pull-through cache rules in Chromium, against a real upstream on loopback (CNCF Distribution
 * behind Basic auth, its credentials in a Secrets Manager secret made with the aws CLI): the
 * registry page lists the rules, creates one from a form (the API's own errors shown beside the
 * field, nothing stored), validates one (valid, and not valid once its upstream is gone) and
 * deletes one; a user without {@code ecr:CreatePullThroughCacheRule} is refused as the API would.
 */
class UiPullThroughBrowserTest {
  private static final String USER = "puller";
  private static final String PASSWORD = "upstream-pass-1";

  @TempDir static Path shared;
  static DistributionServer upstream;

  @TempDir Path tmp;
  TestNode node;
  Browser browser;
  String secretArn;

  @BeforeAll
  static void startUpstream() {
    assertThat(DistributionServer.available()).as("/usr/bin/docker-registry").isTrue();
    upstream = DistributionServer.withBasicAuth(shared.resolve("upstream"), USER, PASSWORD);
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(tmp.resolve("node"));
    secretArn =
        UiAws.run(
                node,
                tmp,
                "secretsmanager",
                "create-secret",
                "--name",
                "ecr-pullthroughcache/upstream",
                "--secret-string",
                "{\"username\":\"" + USER + "\",\"accessToken\":\"" + PASSWORD + "\"}")
            .path("ARN")
            .asText();
    browser = Browser.start(node.base(), tmp.resolve("profile"));
    browser.signIn(TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    browser.waitForPath("/ui/repositories");
  }

  @AfterEach
  void stop() {
    Browser.stop(browser, node);
  }

  @Test
  void rules_createListValidateDelete_withTheApisErrorsInTheForm() {
    browser.open("/ui/registry");
    assertThat(browser.text("#pull-through-none")).contains("no pull-through cache rules");

    clickAndWait("#create-pull-through-rule");
    assertThat(browser.path()).isEqualTo(PullThroughPage.CREATE);
    submitRule("dist", upstream.url().toString(), secretArn);
    assertThat(browser.path()).isEqualTo("/ui/registry");
    assertThat(notice("ok")).contains("Created the pull-through cache rule dist");
    assertThat(browser.text("tr[data-prefix='dist']"))
        .contains(upstream.url().toString())
        .contains("ROOT")
        .contains(secretArn);
    assertThat(browser.find("tr[data-prefix='dist'] td[data-label=Created] time").getText())
        .isNotBlank();
    browser.screenshots("pull-through-rules");

    clickAndWait("tr[data-prefix='dist'] button.validate");
    assertThat(notice("ok")).contains("dist is valid").contains("accepted the rule's credentials");

    browser.open(PullThroughPage.CREATE);
    submitRule("Bad Prefix!", upstream.url().toString(), "");
    assertThat(browser.path()).isEqualTo(PullThroughPage.CREATE);
    assertThat(browser.text("#prefix-error")).contains("ecrRepositoryPrefix");
    assertThat(browser.find("#ecrRepositoryPrefix").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.find("#ecrRepositoryPrefix").getAttribute("value")).isEqualTo("Bad Prefix!");
    assertThat(browser.find("#upstreamRegistryUrl").getAttribute("value"))
        .isEqualTo(upstream.url().toString());
    browser.screenshots("pull-through-bad-prefix");
    submitRule("other", "registry.example.com", "");
    assertThat(browser.text("#url-error")).contains("is not supported");
    assertThat(prefixes()).containsExactly("dist");

    String goneUrl;
    try (DistributionServer gone =
        DistributionServer.withBasicAuth(tmp.resolve("gone"), USER, PASSWORD)) {
      goneUrl = gone.url().toString();
      browser.open(PullThroughPage.CREATE);
      submitRule("gone", goneUrl, secretArn);
      assertThat(notice("ok")).contains("Created the pull-through cache rule gone");
    }
    clickAndWait("tr[data-prefix='gone'] button.validate");
    assertThat(notice("error"))
        .contains("gone is not valid")
        .contains("failed to reach the")
        .contains(goneUrl);

    String dialog = browser.find("tr[data-prefix='gone'] button.danger").getAttribute("data-open");
    browser.find("tr[data-prefix='gone'] button.danger").click();
    browser.waitFor(d -> browser.find("#" + dialog).isDisplayed());
    clickAndWait("#" + dialog + " button[type=submit]");
    assertThat(notice("ok")).contains("Deleted the pull-through cache rule gone");
    assertThat(browser.all("tr[data-prefix='gone']")).isEmpty();
    assertThat(browser.all("tr[data-prefix='dist']")).hasSize(1);
    assertThat(browser.post(PullThroughPage.DELETE, Map.of("ecrRepositoryPrefix", "dist")))
        .as("a delete without the session's CSRF token")
        .isEqualTo(403);
    assertThat(prefixes()).containsExactly("dist");
  }

  @Test
  void userWithoutCreatePullThroughCacheRule_isRefused_andNothingIsStored() throws Exception {
    node.berth()
        .services()
        .pullThrough()
        .rules()
        .create(
            node.berth().config().registry().home(),
            "dist",
            upstream.url().toString(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(secretArn),
            Optional.empty());
    UiAws.run(node, tmp, "iam", "create-user", "--user-name", "viewer");
    UiAws.run(
        node,
        tmp,
        "iam",
        "put-user-policy",
        "--user-name",
        "viewer",
        "--policy-name",
        "view",
        "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\"ecr:DescribeRegistry\",\"ecr:DescribePullThroughCacheRules\","
            + "\"ecr:ValidatePullThroughCacheRule\"],\"Resource\":\"*\"}]}");
    var key =
        UiAws.run(node, tmp, "iam", "create-access-key", "--user-name", "viewer").path("AccessKey");
    browser.find("form[action='/ui/sign-out'] button").click();
    browser.waitForPath("/ui/sign-in");
    browser.signIn(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText());
    browser.waitForPath("/ui/repositories");
    assertThat(browser.text(".who .principal")).isEqualTo("viewer");

    browser.open("/ui/registry");
    assertThat(browser.all("tr[data-prefix='dist']")).hasSize(1);
    assertThat(browser.all("#create-pull-through-rule")).isEmpty();
    assertThat(browser.all("#pull-through button.danger")).isEmpty();
    clickAndWait("tr[data-prefix='dist'] button.validate");
    assertThat(notice("ok")).contains("dist is valid");

    browser.open(PullThroughPage.CREATE);
    submitRule("mine", upstream.url().toString(), "");
    assertThat(browser.text("#form-error"))
        .contains("Not allowed")
        .contains("ecr:CreatePullThroughCacheRule");
    String csrf = browser.csrf();
    assertThat(
            browser.post(
                PullThroughPage.CREATE,
                Map.of(
                    "_csrf",
                    csrf,
                    "ecrRepositoryPrefix",
                    "forged",
                    "upstreamRegistryUrl",
                    upstream.url().toString())))
        .isEqualTo(403);
    assertThat(
            browser.post(
                PullThroughPage.DELETE, Map.of("_csrf", csrf, "ecrRepositoryPrefix", "dist")))
        .isEqualTo(403);
    assertThat(prefixes()).containsExactly("dist");
  }

  @Test
  void rulesBelongToTheRegionTheSwitcherSelects() throws Exception {
    browser.close();
    node.close();
    node = TestNode.start(tmp.resolve("two-regions"), Map.of("regions", "eu-west-1"));
    browser = Browser.start(node.base(), tmp.resolve("profile-2"));
    browser.signIn(TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    browser.waitForPath("/ui/repositories");
    new Select(browser.find("#region-select")).selectByValue("eu-west-1");
    clickAndWait("#switch-region");

    browser.open(PullThroughPage.CREATE);
    assertThat(browser.text("main")).contains("eu-west-1");
    browser.find("#upstreamRepositoryPrefix").sendKeys("library");
    submitRule("hub", upstream.url().toString(), "");
    assertThat(notice("ok"))
        .contains("the first pull of hub/<name> fetches library/<name> from " + upstream.url());
    assertThat(browser.text("tr[data-prefix='hub'] td[data-label='Upstream prefix']"))
        .isEqualTo("library");
    assertThat(browser.text("tr[data-prefix='hub'] td[data-label=Credentials]")).isEqualTo("none");
    var account = node.berth().config().registry().defaultAccount();
    var rules = node.berth().services().pullThrough().rules();
    assertThat(rules.describe(new RegistryId(account, "eu-west-1"), List.of())).hasSize(1);
    assertThat(rules.describe(new RegistryId(account, "us-east-1"), List.of())).isEmpty();

    new Select(browser.find("#region-select")).selectByValue("us-east-1");
    clickAndWait("#switch-region");
    browser.open("/ui/registry");
    assertThat(browser.text("#pull-through-none")).contains("no pull-through cache rules");
  }

  /** Fills the create form on the current page and submits it. */
  private void submitRule(String prefix, String url, String credentialArn) {
    for (var field :
        Map.of(
                "ecrRepositoryPrefix", prefix,
                "upstreamRegistryUrl", url,
                "credentialArn", credentialArn)
            .entrySet()) {
      var input = browser.find("#" + field.getKey());
      input.clear();
      input.sendKeys(field.getValue());
    }
    clickAndWait("#pull-through-form button[type=submit]");
  }

  /** Clicks and waits until the next page has loaded (a marker on this one is gone). */
  private void clickAndWait(String css) {
    browser.js("document.documentElement.dataset.before = 'yes'");
    browser.find(css).click();
    browser.waitFor(
        d ->
            browser.js("return document.documentElement.dataset.before || ''").equals("")
                && "complete".equals(browser.js("return document.readyState")));
  }

  /** The page's message of {@code kind} ({@code ok} or {@code error}). */
  private String notice(String kind) {
    return browser.text("main > .notice." + kind + "[role=status]");
  }

  /** The prefixes of the rules stored in the node's home registry. */
  private List<String> prefixes() {
    return node
        .berth()
        .services()
        .pullThrough()
        .rules()
        .describe(node.berth().config().registry().home(), List.of())
        .stream()
        .map(PullThroughRule::ecrRepositoryPrefix)
        .toList();
  }
}
