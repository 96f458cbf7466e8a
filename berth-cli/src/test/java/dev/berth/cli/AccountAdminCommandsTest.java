package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.Berth;
import dev.berth.config.ConfigLoader;
import dev.berth.testkit.Skopeo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth admin create-account|list-accounts|root-credentials} on a data directory, and the
 * root key it issues signing real aws CLI requests to a node on that directory.
 */
class AccountAdminCommandsTest {
  private static final Pattern SECRET = Pattern.compile("aws_secret_access_key = (\\S+)");
  private static final Pattern KEY_ID = Pattern.compile("aws_access_key_id = (\\S+)");

  @TempDir Path dir;

  private CliRun.Result admin(String... args) {
    return CliRun.admin(dir.resolve("data"), args);
  }

  @Test
  void createAccount_printsTheNewId_listAccountsShowsIt_andADuplicateEmailFails() {
    CliRun.Result created = admin("create-account", "--name", "dev", "--email", "dev@example.com");
    CliRun.Result duplicate =
        admin("create-account", "--name", "dev2", "--email", "Dev@Example.com");
    CliRun.Result listed = admin("list-accounts");

    assertThat(created.code()).isZero();
    String id = created.out().strip();
    assertThat(id).matches("\\d{12}");
    assertThat(duplicate.code()).isEqualTo(1);
    assertThat(duplicate.err()).contains("EMAIL_ALREADY_EXISTS");
    assertThat(listed.code()).isZero();
    assertThat(listed.out().lines())
        .containsExactlyInAnyOrder(
            id + "\tACTIVE\tCREATED\tdev@example.com\tdev",
            "000000000000\tACTIVE\tINVITED\tmanagement@000000000000.berth.invalid\t"
                + "Berth management account");
  }

  @Test
  void rootCredentials_printsANewKeyOnce_andRefusesAnUnknownAccount() {
    String id = admin("create-account", "--name", "a", "--email", "a@example.com").out().strip();

    CliRun.Result first = admin("root-credentials", "--account", id);
    CliRun.Result second = admin("root-credentials", "--account", id);
    CliRun.Result unknown = admin("root-credentials", "--account", "999999999999");

    assertThat(first.code()).isZero();
    assertThat(first.out()).startsWith("[default]\n").contains("aws_secret_access_key = ");
    assertThat(group(KEY_ID, first.out())).isNotEqualTo(group(KEY_ID, second.out()));
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("account 999999999999 does not exist");
  }

  @Test
  void rootCredentials_toAFile_writesItWithMode0600_printsNoSecret_andTheKeyWorksAgainstANode()
      throws Exception {
    String id = admin("create-account", "--name", "b", "--email", "b@example.com").out().strip();
    Path file = dir.resolve("b-credentials");

    CliRun.Result r = admin("root-credentials", "--account", id, "--output", file.toString());
    CliRun.Result again = admin("root-credentials", "--account", id, "--output", file.toString());

    assertThat(r.code()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String keyId = group(KEY_ID, text);
    String secret = group(SECRET, text);
    assertThat(r.out()).contains(keyId).doesNotContain(secret);
    assertThat(again.code()).as("an existing file is never overwritten").isEqualTo(1);
    assertThat(again.err().strip()).endsWith("exists; root credentials are never overwritten");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(text);

    try (Berth node =
        Berth.start(
            ConfigLoader.load(
                Optional.empty(),
                Map.of(),
                Map.of("listen", "127.0.0.1:0", "data", dir.resolve("data").toString())))) {
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("AWS_SHARED_CREDENTIALS_FILE", file.toString());
      env.put("AWS_CONFIG_FILE", dir.resolve("none").toString());
      env.remove("AWS_ACCESS_KEY_ID");
      env.remove("AWS_SECRET_ACCESS_KEY");
      env.remove("AWS_SESSION_TOKEN");
      env.remove("AWS_PROFILE");
      env.put("AWS_DEFAULT_REGION", "us-east-1");
      Skopeo.Result identity =
          Skopeo.exec(
                  Duration.ofSeconds(60),
                  env,
                  List.of(
                      "aws",
                      "--endpoint-url",
                      "http://127.0.0.1:" + node.port(),
                      "--output",
                      "text",
                      "ecr",
                      "create-repository",
                      "--repository-name",
                      "team/app",
                      "--query",
                      "repository.registryId"))
              .orThrow();
      assertThat(identity.stdout().strip()).isEqualTo(id);
    }
  }

  private static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as(p + " in " + text).isTrue();
    return m.group(1);
  }
}
