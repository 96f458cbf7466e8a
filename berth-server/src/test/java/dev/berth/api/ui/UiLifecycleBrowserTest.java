package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The lifecycle tab in Chromium: a bad policy is refused with the registry's message beside the
 * editor, a preview lists the image the rule would expire and names the rule, a saved policy is
 * shown as rules in words, and the policy can be deleted.
 */
class UiLifecycleBrowserTest {
  private static final String KEEP_NEWEST =
      "{\"rules\":[{\"rulePriority\":1,\"description\":\"keep the newest v image\","
          + "\"selection\":{\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"v\"],"
          + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},"
          + "\"action\":{\"type\":\"expire\"}}]}";

  /** Long enough for the model's 100-character minimum; the registry refuses priority 0. */
  private static final String BAD_PRIORITY =
      KEEP_NEWEST.replace("\"rulePriority\":1", "\"rulePriority\":0");

  @TempDir Path tmp;
  TestNode node;
  Browser browser;

  @BeforeEach
  void start() throws Exception {
    assertThat(Skopeo.available()).as("skopeo must be installed (CI installs it)").isTrue();
    node = TestNode.start(tmp.resolve("node"));
    browser = Browser.start(node.base(), tmp.resolve("profile"));
    browser.signInAsRoot();
  }

  @AfterEach
  void stop() {
    Browser.stop(browser, node);
  }

  @Test
  void lifecycleTab_validatesPreviewsSavesAndDeletes() throws Exception {
    node.createRepository("team/app");
    String v1 = push("v1", 3);
    String v2 = push("v2", 5);

    browser.open("/ui/repositories/team/app/-/lifecycle");
    assertThat(browser.text(".tabs [aria-current=page]")).isEqualTo("Lifecycle");
    assertThat(browser.text("main .notice")).contains("no lifecycle policy");
    browser.find("#policyText").sendKeys(BAD_PRIORITY);
    browser.find("#lifecycle-save").click();
    browser.waitFor(d -> !browser.all("#policy-error").isEmpty());
    assertThat(browser.text("#policy-error")).containsIgnoringCase("lifecycle policy");
    assertThat(browser.find("#policyText").getAttribute("value")).contains("\"rulePriority\":0,");
    browser.screenshots("lifecycle-error");

    browser.find("#policyText").clear();
    browser.find("#policyText").sendKeys(KEEP_NEWEST);
    browser.find("#lifecycle-preview").click();
    browser.waitFor(d -> !browser.all("#preview-count").isEmpty());
    assertThat(browser.text("#preview-count")).isEqualTo("1");
    WebElement row = browser.find("#preview-table tbody tr");
    assertThat(row.getAttribute("data-digest")).isEqualTo(v1).isNotEqualTo(v2);
    assertThat(row.findElement(By.cssSelector("td[data-label=Why]")).getText())
        .isEqualTo("Rule 1: keep the newest v image");
    assertThat(row.findElement(By.cssSelector("td[data-label=Action]")).getText())
        .isEqualTo("Expire (delete)");
    browser.screenshots("lifecycle-preview");
    // A preview changes nothing: both images are still there, and no policy was saved.
    assertThat(imageDigests()).containsExactlyInAnyOrder(v1, v2);

    browser.open("/ui/repositories/team/app/-/lifecycle");
    assertThat(browser.all("#lifecycle-rules")).isEmpty();
    browser.find("#policyText").sendKeys(KEEP_NEWEST);
    browser.find("#lifecycle-save").click();
    browser.waitFor(d -> !browser.all(".notice.ok").isEmpty());
    assertThat(browser.text(".notice.ok")).contains("Saved the lifecycle policy");
    assertThat(browser.text("#lifecycle-rules tbody"))
        .contains("Images with a tag starting with “v”, beyond the newest 1")
        .contains("Expire (delete)");
    assertThat(browser.text("#lifecycle-evaluated")).isEqualTo("Not evaluated yet.");
    browser.screenshots("lifecycle-rules");

    browser.find("button[data-open=delete-lifecycle]").click();
    browser.find("#delete-lifecycle button[type=submit]").click();
    browser.waitFor(d -> !browser.all(".notice.ok").isEmpty());
    assertThat(browser.text(".notice.ok")).contains("Deleted the lifecycle policy");
    assertThat(browser.all("#lifecycle-rules")).isEmpty();
  }

  private java.util.List<String> imageDigests() {
    var services = node.berth().services();
    var repo =
        services
            .repositories()
            .get(
                node.berth().config().registry().home(),
                dev.berth.registry.RepositoryService.name("team/app"));
    return services
        .manifests()
        .describe(repo, java.util.Optional.empty(), 100, dev.berth.model.TagStatus.ANY)
        .items()
        .stream()
        .map(i -> i.digest().toString())
        .toList();
  }

  private String push(String tag, int seed) throws Exception {
    Path layout = tmp.resolve("layout-" + tag);
    String digest = OciLayoutFixture.writeImage(layout, tag, 1, 5_000, seed).digest();
    UiImages.push(tmp, layout, tag, node.hostPort(), "team/app:" + tag, node.registryToken());
    return digest;
  }
}
