package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth admin create-repository|list-repositories|login-password} on a data directory. */
class AdminCommandTest {
  @TempDir Path dir;

  private CliRun.Result admin(String... args) {
    return CliRun.admin(dir, args);
  }

  @Test
  void createRepository_printsItsArn_andListRepositoriesNamesIt() {
    CliRun.Result created = admin("create-repository", "team/app", "--account", "111122223333");
    CliRun.Result listed = admin("list-repositories", "--account", "111122223333");
    CliRun.Result otherAccount = admin("list-repositories");

    assertThat(created.code()).isZero();
    assertThat(created.out().strip())
        .isEqualTo("arn:aws:ecr:us-east-1:111122223333:repository/team/app");
    assertThat(listed.out().lines()).containsExactly("team/app");
    assertThat(otherAccount.out()).isEmpty();
  }

  @Test
  void loginPassword_beforeTheFirstServe_exitsOneWithAHint() {
    CliRun.Result r = admin("login-password");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no root credentials yet");
  }
}
