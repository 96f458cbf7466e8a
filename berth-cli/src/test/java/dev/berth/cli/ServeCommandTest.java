package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void badConfigValue_exitsWithOneLineNamingTheKey() throws Exception {
    Path log = dir.resolve("out.log");
    Process p = ServerProcess.launch(log, "serve", "--listen", "nowhere", "--data", dir.toString());
    assertThat(p.waitFor()).isEqualTo(2);
    String out = Files.readString(log).strip();
    assertThat(out.lines().filter(l -> !l.startsWith("WARNING")).toList())
        .containsExactly(
            "berth: config: listen: expected HOST:PORT with a port 0-65535, got 'nowhere'");
  }

  @Test
  void firstStart_writesRootCredentialsPrivatelyAndNeverPrintsTheSecret() throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("serve.log");
    try (ServerProcess server = ServerProcess.start(data, log)) {
      Path creds = data.resolve("root-credentials");
      assertThat(creds).exists();
      assertThat(Files.getPosixFilePermissions(creds))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      String text = Files.readString(creds);
      String secret =
          text.lines()
              .filter(l -> l.startsWith("aws_secret_access_key"))
              .findFirst()
              .orElseThrow()
              .split("=", 2)[1]
              .trim();
      assertThat(secret).hasSize(40);
      String printed = Files.readString(log);
      assertThat(printed).contains("default account 000000000000").contains("root-credentials");
      assertThat(printed).doesNotContain(secret);
      StringBuilder stored = new StringBuilder();
      for (String f : new String[] {"berth.db", "berth.db-wal"}) {
        if (Files.exists(data.resolve(f))) {
          stored.append(
              new String(
                  Files.readAllBytes(data.resolve(f)),
                  java.nio.charset.StandardCharsets.ISO_8859_1));
        }
      }
      assertThat(stored.toString()).as("access key is stored").contains("AKIA");
      assertThat(stored.toString()).as("secret is stored encrypted").doesNotContain(secret);
    }
  }
}
