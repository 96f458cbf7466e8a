package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 9, item 16: start-up failures print one line naming the cause, exit non-zero and leave the
 * data directory as it was; every command answers {@code --help}; {@code --version} prints it.
 */
class StartupFailureTest {
  @TempDir Path dir;

  /** Runs {@code berth serve} in a child JVM; returns its exit code and its output lines. */
  private record Run(int exit, List<String> lines) {}

  private Run serve(String listen, Path data) throws Exception {
    Path log = dir.resolve("serve.log");
    Files.deleteIfExists(log);
    Process p = ServerProcess.launch(log, "serve", "--listen", listen, "--data", data.toString());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("berth serve exits").isTrue();
    List<String> lines =
        Files.readString(log).strip().lines().filter(l -> !l.startsWith("WARNING")).toList();
    return new Run(p.exitValue(), lines);
  }

  private static List<Path> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.getFileName().toString().equals("serve.log")).sorted().toList();
    }
  }

  @Test
  void portInUse_oneLineNamingThePort_andNoDataDirectory() throws Exception {
    Path data = dir.resolve("data");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      Run r = serve("127.0.0.1:" + port, data);

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.lines())
          .containsExactly(
              "berth: cannot start: cannot listen on 127.0.0.1:"
                  + port
                  + ": Address already in use");
    }
    assertThat(data).doesNotExist();
  }

  @Test
  void dataIsARegularFile_oneLine_andTheFileIsUntouched() throws Exception {
    Path data = dir.resolve("data");
    Files.writeString(data, "not a directory");
    List<Path> before = tree(dir);

    Run r = serve("127.0.0.1:" + ServerProcess.freePort(), data);

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.lines())
        .containsExactly(
            "berth: cannot start: data directory "
                + data
                + " cannot be used: data directory "
                + data
                + " is not a directory");
    assertThat(Files.readString(data)).isEqualTo("not a directory");
    assertThat(tree(dir)).containsExactlyElementsOf(before).contains(data);
  }

  @Test
  void dataUnwritable_oneLine_andNothingWritten() throws Exception {
    Path ro = dir.resolve("ro");
    Files.createDirectories(ro);
    Files.writeString(ro.resolve("keep"), "x");
    Process mount =
        new ProcessBuilder("mount", "-o", "bind,ro", ro.toString(), ro.toString())
            .redirectErrorStream(true)
            .start();
    mount.getInputStream().readAllBytes();
    assumeTrue(mount.waitFor() == 0, "a read-only bind mount needs root");
    try {
      Path data = ro.resolve("data");
      Run r = serve("127.0.0.1:" + ServerProcess.freePort(), data);

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.lines())
          .containsExactly(
              "berth: cannot start: data directory "
                  + data
                  + " cannot be used: parent "
                  + ro
                  + " is not writable");
      assertThat(tree(ro)).containsExactly(ro, ro.resolve("keep"));
    } finally {
      new ProcessBuilder("umount", ro.toString()).start().waitFor();
    }
  }

  /** Every command and subcommand, as the words that reach it ({@code admin list-repositories}). */
  private static List<List<String>> commands(CommandLine cmd, List<String> path) {
    List<List<String>> out = new ArrayList<>();
    out.add(path);
    cmd.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals(sub.getCommandName())) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                out.addAll(commands(sub, next));
              }
            });
    return out;
  }

  private static String stdout(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run(args)).as(String.join(" ", args)).isZero();
    } finally {
      System.out.flush();
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyCommand_answersHelp() {
    List<List<String>> all = commands(new CommandLine(new Main()), List.of());
    assertThat(all).hasSizeGreaterThan(6);
    for (List<String> words : all) {
      List<String> args = new ArrayList<>(words);
      args.add("--help");
      String out = stdout(args.toArray(String[]::new));
      assertThat(out)
          .as("%s --help", words)
          .startsWith(("Usage: berth " + String.join(" ", words)).strip());
    }
  }

  @Test
  void version_printsTheVersion() {
    assertThat(stdout("--version").strip()).isEqualTo("berth 0.1.0");
  }
}
