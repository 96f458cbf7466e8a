package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only IAM user (created with the aws CLI, AmazonEC2ContainerRegistryReadOnly attached) sees
 * repositories and images but no control that changes them, and a forged POST to a delete endpoint
 * (with a valid session and CSRF token) is refused by the same authorization as the ECR API.
 */
class UiAccessBrowserTest {
  @TempDir static Path tmp;
  static TestNode node;
  static Browser browser;
  static String imageDigest;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Skopeo.available()).as("skopeo must be installed (CI installs it)").isTrue();
    node = TestNode.start(tmp.resolve("node"));
    node.createRepository("team/app");
    Path layout = tmp.resolve("layout");
    imageDigest = OciLayoutFixture.writeImage(layout, "v1", 2, 20_000, 3).digest();
    UiImages.push(tmp, layout, "v1", node.hostPort(), "team/app:v1", node.registryToken());
    browser = Browser.start(node.base(), tmp.resolve("profile"));
  }

  @AfterAll
  static void stop() {
    Browser.stop(browser, node);
  }

  private static JsonNode aws(String... args) throws Exception {
    return UiAws.run(node, tmp, args);
  }

  @Test
  void readOnlyUser_seesNoDeleteControlsAndAForgedDeleteIsRefused() throws Exception {
    String[] key =
        UiAws.userWithPolicy(
            node, tmp, "reader", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    browser.signIn(key[0], key[1]);
    browser.waitForPath("/ui/repositories");
    assertThat(browser.text(".who .principal")).isEqualTo("reader");

    assertThat(browser.all("tr[data-name='team/app']")).hasSize(1);
    assertThat(browser.text("tr[data-name='team/app'] td[data-label=Images]")).isEqualTo("1");
    assertThat(browser.all("button.danger")).isEmpty();
    assertThat(browser.all("a[href='/ui/create-repository']")).isEmpty();
    browser.screenshots("read-only-repositories");

    browser.open("/ui/repositories/team/app");
    assertThat(browser.all("tr.image")).hasSize(1);
    assertThat(browser.all("button.danger")).isEmpty();
    assertThat(browser.all("dialog")).isEmpty();
    browser.screenshots("read-only-images");

    browser.open("/ui/repositories/team/app/-/images/" + imageDigest);
    assertThat(browser.all("#layer-table tbody tr")).hasSize(2);
    assertThat(browser.all("button.danger")).isEmpty();

    browser.open("/ui/repositories/team/app/-/settings");
    assertThat(browser.all("button.danger")).isEmpty();
    assertThat(browser.find("fieldset").getAttribute("disabled")).isNotNull();
    browser.open("/ui/repositories/team/app/-/permissions");
    assertThat(browser.find("#policyText").getAttribute("readonly")).isNotNull();
    assertThat(browser.all("main button[type=submit]")).isEmpty();
    browser.screenshots("read-only-permissions");

    String csrf = browser.csrf();
    assertThat(
            browser.post(
                "/ui/repositories/team/app/-/delete", Map.of("_csrf", csrf, "confirm", "team/app")))
        .isEqualTo(403);
    assertThat(
            browser.post(
                "/ui/repositories/team/app/-/images/" + imageDigest + "/delete",
                Map.of("_csrf", csrf)))
        .isEqualTo(403);
    assertThat(
            browser.post(
                "/ui/create-repository", Map.of("_csrf", csrf, "repositoryName", "team/other")))
        .isEqualTo(403);
    browser.open("/ui/repositories/team/app");
    assertThat(browser.all("tr.image")).hasSize(1);
    assertThat(aws("ecr", "describe-repositories").path("repositories")).hasSize(1);

    browser.open("/ui/repositories/team/app/-/tags");
    assertThat(browser.all("#tag-key")).isEmpty();
  }
}
