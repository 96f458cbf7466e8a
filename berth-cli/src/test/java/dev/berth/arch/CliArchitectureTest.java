package dev.berth.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ArchitectureRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The dependency table of STYLE.md, for berth-cli. */
class CliArchitectureTest {
  @Test
  void credentialHelper_isAClientThatNamesNoNodePackage() {
    ArchitectureRules rules =
        new ArchitectureRules(Path.of("src/main/java"))
            .forbid(
                "cli.credentials",
                "dev.berth.app",
                "dev.berth.api",
                "dev.berth.http",
                "dev.berth.meta",
                "dev.berth.blob",
                "dev.berth.registry",
                "dev.berth.upload",
                "dev.berth.iam",
                "dev.berth.auth",
                "dev.berth.config",
                "org.eclipse.jetty");
    assertThat(rules.violations()).isEmpty();
  }
}
