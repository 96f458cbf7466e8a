package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.model.AppliedFor;
import dev.berth.model.CreationTemplate;
import dev.berth.model.RegistryId;
import dev.berth.model.RepositoryName;
import dev.berth.model.RepositorySettings;
import dev.berth.replication.ReplicationConfiguration;
import dev.berth.testkit.OciLayoutFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 13 in Chromium: a deployment serving two regions shows a region switcher; each region lists
 * its own repositories, and a repository created after switching lands in that region's registry
 * with that region's push commands.
 */
class UiRegionBrowserTest {
  @TempDir Path tmp;
  TestNode node;
  Browser browser;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(tmp.resolve("node"), Map.of("regions", "eu-west-1"));
    browser = Browser.start(node.base(), tmp.resolve("profile"));
    browser.signInAsRoot();
    node.createRepository("team/virginia");
  }

  @AfterEach
  void stop() {
    Browser.stop(browser, node);
  }

  @Test
  void switchingRegion_showsThatRegionsRepositories_andCreatesThere() {
    browser.open("/ui/repositories");
    assertThat(browser.text("main")).contains("team/virginia");
    Select select = new Select(browser.find("#region-select"));
    assertThat(select.getFirstSelectedOption().getText()).isEqualTo("us-east-1");
    assertThat(select.getOptions())
        .extracting(o -> o.getText())
        .containsExactly("us-east-1", "eu-west-1");

    select.selectByValue("eu-west-1");
    browser.find("#switch-region").click();
    browser.waitFor(d -> !browser.all(".notice.ok").isEmpty());
    assertThat(browser.text(".notice.ok")).contains("eu-west-1");
    assertThat(new Select(browser.find("#region-select")).getFirstSelectedOption().getText())
        .isEqualTo("eu-west-1");
    assertThat(browser.text("main")).doesNotContain("team/virginia");
    browser.screenshots("region-switched");

    browser.find("a[href='/ui/create-repository']").click();
    browser.waitForPath("/ui/create-repository");
    browser.find("#repositoryName").sendKeys("team/dublin");
    browser.find("main form button[type=submit]").click();
    browser.waitForPath("/ui/repositories/team/dublin/-/push");
    String host = "000000000000.dkr.ecr.eu-west-1.localhost:" + node.berth().port();
    assertThat(browser.text("#repo-uri")).isEqualTo(host + "/team/dublin");
    assertThat(browser.text("#cmd-login")).contains("--region eu-west-1");
    var repositories = node.berth().services().repositories();
    var account = node.berth().config().registry().defaultAccount();
    assertThat(
            repositories.find(
                new RegistryId(account, "eu-west-1"), new RepositoryName("team/dublin")))
        .isPresent();
    assertThat(
            repositories.find(
                new RegistryId(account, "us-east-1"), new RepositoryName("team/dublin")))
        .isEmpty();
  }

  @Test
  void registryPage_listsReplicationRules_andTheImagePageShowsEachCopy() throws Exception {
    var config =
        new ReplicationConfiguration(
            List.of(
                new ReplicationConfiguration.Rule(
                    List.of(
                        new RegistryId(
                            node.berth().config().registry().defaultAccount(), "eu-west-1")),
                    List.of("team/"))));
    node.berth().services().replication().put(node.berth().config().registry().home(), config);
    browser.open("/ui/registry");
    assertThat(browser.text("#replication-rules")).contains("team/").contains("eu-west-1");
    assertThat(browser.text("#templates-none")).contains("no repository creation templates");
    Instant now = Instant.now();
    node.berth()
        .services()
        .templates()
        .create(
            node.berth().config().registry().home(),
            new CreationTemplate(
                "team",
                Optional.of("team repositories"),
                List.of(AppliedFor.REPLICATION, AppliedFor.CREATE_ON_PUSH),
                RepositorySettings.defaults(),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                now,
                now));
    browser.open("/ui/registry");
    assertThat(browser.text("#template-list"))
        .contains("team")
        .contains("REPLICATION, CREATE_ON_PUSH")
        .contains("team repositories");

    Path layout = tmp.resolve("layout");
    String digest = OciLayoutFixture.writeImage(layout, "v1", 1, 5_000, 4).digest();
    UiImages.push(tmp, layout, "v1", node.hostPort(), "team/virginia:v1", node.registryToken());
    node.berth().replicationWorker().orElseThrow().drain();
    browser.open(ImagesPage.imagePath("team/virginia", digest));
    assertThat(browser.text("#replication")).contains("eu-west-1").contains("000000000000");
    assertThat(browser.text(".replication-status")).isEqualTo("COMPLETE");
    browser.screenshots("image-replication");
  }
}
