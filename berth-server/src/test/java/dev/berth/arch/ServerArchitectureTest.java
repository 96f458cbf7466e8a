package dev.berth.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.ArchitectureRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The dependency table of STYLE.md, for berth-server: edge -> service -> port <- adapter. */
class ServerArchitectureTest {
  @Test
  void apis_neverNameAdaptersOrEachOther() {
    ArchitectureRules rules =
        new ArchitectureRules(Path.of("src/main/java"))
            .forbid(
                "api",
                "dev.berth.meta.jdbc",
                "dev.berth.blob.fs",
                "dev.berth.blob.memory",
                "dev.berth.app",
                "dev.berth.tls")
            .forbid("api.oci", "dev.berth.api.ops")
            .forbid("api.ops", "dev.berth.api.oci")
            .forbid(
                "api.ui",
                "dev.berth.api.ecr",
                "dev.berth.api.oci",
                "dev.berth.api.iam",
                "dev.berth.api.ops",
                "dev.berth.upload",
                "dev.berth.iam",
                "dev.berth.meta")
            .forbid(
                "http",
                "dev.berth.api",
                "dev.berth.app",
                "dev.berth.meta.jdbc",
                "dev.berth.blob.fs",
                "dev.berth.tls")
            // key material only: the server, the APIs and the stores stay out of it (issue 11)
            .forbid(
                "tls",
                "dev.berth.http",
                "dev.berth.api",
                "dev.berth.app",
                "dev.berth.meta",
                "dev.berth.blob",
                "dev.berth.registry",
                "dev.berth.iam",
                "dev.berth.auth",
                "org.eclipse.jetty");
    assertThat(rules.violations()).isEmpty();
  }
}
