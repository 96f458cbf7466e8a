package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The registry browser in Chromium as the root user: sign in, create a repository, read its push
 * commands, push with skopeo, see the images with their sizes, layers and platforms, edit
 * permissions, tags and immutability, delete, sign out. Each step saves screenshots. Each test has
 * its own node, browser and data, so any one runs alone and in any order (issue 9, item 24).
 */
class UiBrowserTest {
  @TempDir Path tmp;
  TestNode node;
  Browser browser;

  @BeforeEach
  void start() throws Exception {
    assertThat(Skopeo.available()).as("skopeo must be installed (CI installs it)").isTrue();
    node = TestNode.start(tmp.resolve("node"));
    browser = Browser.start(node.base(), tmp.resolve("profile"));
  }

  /** team/app holding the image v1 (3 layers). */
  private void repositoryWithImage() throws Exception {
    node.createRepository("team/app");
    Path layout = tmp.resolve("layout");
    OciLayoutFixture.writeImage(layout, "v1", 3, 40_000, 7);
    UiImages.push(tmp, layout, "v1", node.hostPort(), "team/app:v1", node.registryToken());
  }

  @AfterEach
  void stop() {
    Browser.stop(browser, node);
  }

  @Test
  void signIn_refusesAWrongSecretThenShowsTheEmptyRegistry() {
    browser.open("/ui/");
    browser.waitFor(d -> browser.path().equals("/ui/sign-in"));
    browser.screenshots("sign-in");
    browser.signIn(TestNode.ROOT_ACCESS_KEY_ID, "not-the-secret");
    assertThat(browser.text(".notice.error")).contains("do not match an active key");
    assertThat(browser.find("#accessKeyId").getAttribute("value"))
        .isEqualTo(TestNode.ROOT_ACCESS_KEY_ID);
    assertThat(browser.find("#secretAccessKey").getAttribute("value")).isEmpty();

    browser.signIn(TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    browser.waitForPath("/ui/repositories");
    assertThat(browser.text(".who .principal")).isEqualTo("root");
    assertThat(browser.text(".who .account")).contains("000000000000");
    assertThat(browser.text(".empty h2")).isEqualTo("No repositories yet");
    browser.screenshots("repositories-empty");
  }

  @Test
  void createRepository_explainsABadNameThenShowsPushCommandsForThisEndpoint() {
    browser.signInAsRoot();
    browser.open("/ui/repositories");
    browser.find("a[href='/ui/create-repository']").click();
    browser.waitForPath("/ui/create-repository");
    browser.find("#repositoryName").sendKeys("Team App");
    browser.find("main form button[type=submit]").click();
    browser.waitFor(d -> !browser.all("#name-error").isEmpty());
    assertThat(browser.text("#name-error")).contains("repositoryName");
    browser.screenshots("create-repository-error");

    browser.find("#repositoryName").clear();
    browser.find("#repositoryName").sendKeys("team/app");
    browser.find("main form button[type=submit]").click();
    browser.waitForPath("/ui/repositories/team/app/-/push");
    assertThat(browser.text(".notice.ok")).contains("Created repository team/app");
    String host = node.hostPort();
    assertThat(browser.text("#cmd-login"))
        .isEqualTo(
            "aws ecr get-login-password --region us-east-1 --endpoint-url http://"
                + host
                + " | docker login --username AWS --password-stdin "
                + host);
    assertThat(browser.text("#cmd-tag"))
        .isEqualTo("docker tag team/app:latest " + host + "/team/app:latest");
    assertThat(browser.text("#cmd-push")).isEqualTo("docker push " + host + "/team/app:latest");
    assertThat(browser.text("#repo-uri")).isEqualTo(host + "/team/app");
    browser.screenshots("push-commands");

    WebElement copy = browser.find("button[aria-label='Copy the login command']");
    copy.click();
    browser.waitFor(d -> copy.getText().equals("Copied"));
  }

  @Test
  void pushedImages_appearWithSizesLayersAndPlatforms() throws Exception {
    browser.signInAsRoot();
    node.createRepository("team/app");
    Path layout = tmp.resolve("layout");
    String v1Digest = OciLayoutFixture.writeImage(layout, "v1", 3, 40_000, 7).digest();
    List<Long> layers = UiImages.layerSizes(layout, "v1");
    long size = layers.stream().mapToLong(Long::longValue).sum();
    UiImages.push(tmp, layout, "v1", node.hostPort(), "team/app:v1", node.registryToken());
    String sbom =
        UiImages.pushSbom(
            node.base(),
            "team/app",
            v1Digest,
            java.nio.file.Files.size(UiImages.blobPath(layout, v1Digest)),
            node.basicAuth());
    Path multi = tmp.resolve("multi");
    OciLayoutFixture.writeMultiArch(
        multi, "multi", List.of("linux/amd64", "linux/arm64"), 1, 9_000, 11);
    UiImages.push(tmp, multi, "multi", node.hostPort(), "team/app:multi", node.registryToken());

    browser.open("/ui/repositories/team/app");
    WebElement v1 = imageRow("v1");
    assertThat(v1.findElement(By.cssSelector("td[data-label=Size]")).getText())
        .isEqualTo(Formats.size(size));
    assertThat(v1.findElement(By.cssSelector("td[data-label=Type]")).getText()).isEqualTo("Image");
    assertThat(v1.findElement(By.cssSelector("td[data-label='Last pulled']")).getText())
        .isEqualTo("never");
    assertThat(v1.findElement(By.cssSelector("td[data-label=Pushed] time")).getAttribute("title"))
        .endsWith("UTC");
    assertThat(browser.all("tr.image")).hasSize(2);
    assertThat(browser.text("tr.child td[data-label='Refers to it']")).isEqualTo("↳ SBOM");
    assertThat(browser.all("tr.child td[data-label=Platform] strong"))
        .extracting(WebElement::getText)
        .containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
    assertThat(imageRow("multi").findElement(By.cssSelector("td[data-label=Type]")).getText())
        .isEqualTo("Image index");
    browser.screenshots("images");

    v1.findElement(By.linkText("Details")).click();
    browser.waitFor(d -> !browser.all("#layer-table").isEmpty());
    assertThat(browser.all("#layer-table tbody tr td[data-label=Size]"))
        .extracting(WebElement::getText)
        .containsExactlyElementsOf(layers.stream().map(Formats::size).toList());
    assertThat(browser.text("#manifest-json")).contains("\"schemaVersion\" : 2");
    assertThat(browser.find(".facts").getText()).contains(Formats.size(size));
    assertThat(browser.text("#referrer-table tbody"))
        .contains("SBOM")
        .contains("application/spdx+json")
        .contains(Formats.shortDigest(sbom));
    browser.screenshots("image-detail");

    browser.open("/ui/repositories/team/app");
    imageRow("multi").findElement(By.linkText("Details")).click();
    browser.waitFor(d -> browser.driver.getPageSource().contains("Platforms"));
    assertThat(browser.driver.getPageSource()).contains("linux/arm64");
    browser.screenshots("image-index");

    browser.open("/ui/repositories");
    WebElement row = browser.find("tr[data-name='team/app']");
    assertThat(row.findElement(By.cssSelector("td[data-label=Images]")).getText()).isEqualTo("5");
    assertThat(row.findElement(By.cssSelector("td[data-label=Stored]")).getText())
        .isNotEqualTo("—");
    browser.screenshots("repositories");
    browser.find("#q").sendKeys("nothing-like-it");
    browser.waitFor(d -> !row.isDisplayed());
    assertThat(browser.text("#filter-status")).isEqualTo("0 of 1 repositories match");
  }

  private WebElement imageRow(String tag) {
    return browser.driver.findElement(
        By.xpath(
            "//tr[contains(@class,'image')][.//span[@class='chip' and text()='" + tag + "']]"));
  }

  @Test
  void permissionsTagsAndImmutability_areEditedInPlace() {
    browser.signInAsRoot();
    node.createRepository("team/app");
    browser.open("/ui/repositories/team/app/-/permissions");
    assertThat(browser.find("#policyText").getAttribute("value")).isEmpty();
    browser
        .find("#policyText")
        .sendKeys("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"}]}");
    browser.find("form button[type=submit].primary").click();
    browser.waitFor(d -> !browser.all("#policy-error").isEmpty());
    assertThat(browser.text("#policy-error")).contains("Invalid parameter");
    assertThat(browser.find("#policyText").getAttribute("value")).contains("\"Effect\":\"Allow\"");
    browser.screenshots("permissions-error");

    browser.find("#policy-example").click();
    browser.find("form button[type=submit].primary").click();
    browser.waitFor(d -> !browser.all(".notice.ok").isEmpty());
    assertThat(browser.text(".notice.ok")).contains("Saved the repository policy");
    assertThat(browser.find("#policyText").getAttribute("value"))
        .contains("AllowPullFromAnotherAccount");
    browser.screenshots("permissions");

    browser.open("/ui/repositories/team/app/-/tags");
    browser.find("#tag-key").sendKeys("team");
    browser.find("#tag-value").sendKeys("payments");
    browser.find("form.row-form button[type=submit]").click();
    browser.waitFor(d -> !browser.all("#tag-table").isEmpty());
    assertThat(browser.text("#tag-table tbody")).contains("team").contains("payments");
    browser.screenshots("resource-tags");

    browser.open("/ui/repositories/team/app/-/settings");
    browser.find("#mutability-immutable").click();
    browser.find("form[action$='settings/mutability'] button[type=submit]").click();
    browser.waitFor(d -> !browser.all(".notice.ok").isEmpty());
    assertThat(browser.text(".repo-head .meta")).contains("Tags: Immutable");
    browser.screenshots("settings");
  }

  @Test
  void deleteImageAndRepository_askForConfirmationFirst() throws Exception {
    repositoryWithImage();
    browser.signInAsRoot();
    browser.open("/ui/repositories/team/app");
    imageRow("v1").findElement(By.cssSelector("button.danger")).click();
    WebElement dialog = browser.find("dialog[open]");
    browser.screenshot("delete-image-dialog", Browser.WIDE);
    dialog.findElement(By.cssSelector("button[type=submit]")).click();
    browser.waitFor(d -> !browser.all(".notice.ok").isEmpty());
    assertThat(browser.text(".notice.ok")).startsWith("Deleted image sha256:");
    assertThat(browser.driver.findElements(By.xpath("//span[@class='chip' and text()='v1']")))
        .isEmpty();

    browser.open("/ui/repositories/team/app/-/settings");
    browser.find("button[data-open=delete-repo]").click();
    WebElement submit = browser.find("dialog[open] button[type=submit]");
    assertThat(submit.isEnabled()).isFalse();
    browser.find("dialog[open] #confirm").sendKeys("team/app");
    assertThat(submit.isEnabled()).isTrue();
    browser.screenshot("delete-repository-dialog", Browser.WIDE);
    submit.click();
    browser.waitForPath("/ui/repositories");
    assertThat(browser.text(".notice.ok")).contains("Deleted repository team/app");
    assertThat(browser.all("tr[data-name='team/app']")).isEmpty();
  }

  @Test
  void signOut_endsTheSessionForGood() {
    browser.signInAsRoot();
    browser.open("/ui/repositories");
    Cookie session =
        java.util.Objects.requireNonNull(
            browser.driver.manage().getCookieNamed(SignIn.SESSION_COOKIE));
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Strict");
    assertThat(session.getPath()).isEqualTo("/ui");
    browser.find("form[action='/ui/sign-out'] button").click();
    browser.waitForPath("/ui/sign-in");
    assertThat(browser.text(".notice.ok")).isEqualTo("You have signed out.");
    browser.driver.manage().addCookie(session);
    browser.open("/ui/repositories");
    browser.waitForPath("/ui/sign-in");
  }
}
