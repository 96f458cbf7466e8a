package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Storage in Chromium (issue 10): an image is archived from its page, marked in the list, and
 * restored; the registry page shows the last garbage collection and what it reclaimed.
 */
class UiStorageBrowserTest {
  @TempDir Path tmp;
  TestNode node;
  Browser browser;

  @BeforeEach
  void start() throws Exception {
    assertThat(Skopeo.available()).as("skopeo must be installed (CI installs it)").isTrue();
    node =
        TestNode.start(tmp.resolve("node"), Map.of("gc-interval", "off", "gc-grace-period", "0"));
    browser = Browser.start(node.base(), tmp.resolve("profile"));
    browser.signInAsRoot();
    node.createRepository("team/app");
  }

  @AfterEach
  void stop() {
    Browser.stop(browser, node);
  }

  @Test
  void archiveAndRestore_fromTheImagePage() throws Exception {
    String digest = push("v1", 3);
    browser.open(ImagesPage.imagePath("team/app", digest));
    assertThat(browser.text("#storage-class")).isEqualTo("Standard");
    browser.find("#archive-image").click();
    browser.waitFor(d -> !browser.all(".notice.ok").isEmpty());
    assertThat(browser.text(".notice.ok")).contains("Archived image");
    assertThat(browser.text("#storage-class")).isEqualTo("Archived");
    assertThat(browser.text(".facts")).contains("Last archived");
    browser.screenshots("image-archived");

    browser.open("/ui/repositories/team/app");
    assertThat(
            browser
                .find("tr.image[data-digest='" + digest + "'] td[data-label=Tags]")
                .findElement(By.cssSelector(".badge.archived"))
                .getText())
        .isEqualTo("Archived");
    browser.screenshots("images-archived");

    browser.open(ImagesPage.imagePath("team/app", digest));
    browser.find("#restore-image").click();
    browser.waitFor(d -> !browser.all(".notice.ok").isEmpty());
    assertThat(browser.text(".notice.ok")).contains("Restoring image");
    assertThat(browser.text("#storage-class")).isEqualTo("Restoring from the archive");
    // The restore runs in the background; here the worker's pass is run at once.
    node.berth().services().archive().runPending();
    browser.open(ImagesPage.imagePath("team/app", digest));
    assertThat(browser.text("#storage-class")).isEqualTo("Standard");
    assertThat(browser.text(".facts")).contains("Last restored");
  }

  @Test
  void registryPage_showsTheLastCollection() throws Exception {
    browser.open("/ui/registry");
    assertThat(browser.text("#gc-none")).contains("No garbage collection has finished yet");

    String digest = push("old", 5);
    browser.open(ImagesPage.imagePath("team/app", digest));
    browser.find("button[data-open=delete-image]").click();
    browser.find("#delete-image button[type=submit]").click();
    browser.waitFor(d -> !browser.all(".notice.ok").isEmpty());
    node.berth().services().collector().run(false, p -> {});

    browser.open("/ui/registry");
    assertThat(browser.text("#gc-last")).contains("Last collection");
    assertThat(browser.text("#gc-blobs")).doesNotStartWith("0 ");
    assertThat(browser.text("#gc-reclaimed")).isNotEqualTo("0 B");
    browser.screenshots("registry-gc");
  }

  private String push(String tag, int seed) throws Exception {
    Path layout = tmp.resolve("layout-" + tag);
    String digest = OciLayoutFixture.writeImage(layout, tag, 2, 20_000, seed).digest();
    UiImages.push(tmp, layout, tag, node.hostPort(), "team/app:" + tag, node.registryToken());
    return digest;
  }
}
