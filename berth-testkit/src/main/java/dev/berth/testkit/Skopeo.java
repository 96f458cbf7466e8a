package dev.berth.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code skopeo} binary found on {@code PATH} for end-to-end tests. Standard output and
 * standard error are captured separately and drained on background threads, so a chatty process
 * never blocks on a full pipe; standard input is closed at once.
 */
public final class Skopeo {

  static final String BINARY = "skopeo";
  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

  private Skopeo() {}

  /**
   * The outcome of one run.
   *
   * @param command the full command line, binary first
   */
  public record Result(int exitCode, String stdout, String stderr, List<String> command) {
    public Result {
      Objects.requireNonNull(stdout, "stdout");
      Objects.requireNonNull(stderr, "stderr");
      command = List.copyOf(command);
    }

    /** Returns this result, or throws an {@link AssertionError} describing it if it failed. */
    public Result orThrow() {
      if (exitCode != 0) {
        throw new AssertionError(describe("exited with " + exitCode));
      }
      return this;
    }

    String describe(String outcome) {
      return String.join(" ", command)
          + " "
          + outcome
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  /**
   * Runs {@code skopeo args...} and waits for it to exit.
   *
   * @throws AssertionError if it does not exit within {@code timeout}; the process is killed first
   * @throws UncheckedIOException if the process cannot be started
   */
  public static Result run(Duration timeout, String... args) {
    return run(timeout, System.getenv(), args);
  }

  /**
   * Runs {@code skopeo args...} with exactly {@code environment} as its environment (nothing is
   * inherited), so tests can point {@code HOME}, {@code TMPDIR}, {@code XDG_*} and the containers
   * configuration variables at private directories. Include {@code PATH}: skopeo and its helpers
   * may need it.
   *
   * @throws AssertionError if it does not exit within {@code timeout}; the process is killed first
   * @throws UncheckedIOException if the process cannot be started
   */
  public static Result run(Duration timeout, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(args.length + 1);
    command.add(BINARY);
    command.addAll(List.of(args));
    return exec(timeout, environment, command);
  }

  /**
   * Runs any command the way {@link #run} runs skopeo (exact environment, both outputs drained,
   * killed on timeout) — for the other command-line tools the end-to-end tests drive, such as
   * {@code aws} and {@code sh -c} pipelines.
   */
  public static Result exec(
      Duration timeout, Map<String, String> environment, List<String> command) {
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().clear();
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("failed to start " + String.join(" ", command), e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        process.destroyForcibly().waitFor();
        Result partial = new Result(-1, partialOutput(stdout), partialOutput(stderr), command);
        throw new AssertionError(partial.describe("timed out after " + timeout));
      }
      return new Result(process.exitValue(), stdout.get(), stderr.get(), command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } catch (ExecutionException e) {
      throw new UncheckedIOException(
          "failed to read output of " + command, (IOException) e.getCause());
    } finally {
      process.destroyForcibly();
    }
  }

  /** Whether {@code skopeo} is on {@code PATH} and {@code skopeo --version} succeeds. */
  public static boolean available() {
    if (!onPath()) {
      return false;
    }
    try {
      return run(VERSION_TIMEOUT, "--version").exitCode() == 0;
    } catch (AssertionError | RuntimeException e) {
      return false;
    }
  }

  private static boolean onPath() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator, -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, BINARY))) {
        return true;
      }
    }
    return false;
  }

  /** Output read so far, waiting briefly in case a grandchild still holds the pipe open. */
  private static String partialOutput(CompletableFuture<String> output)
      throws InterruptedException, ExecutionException {
    return output.completeOnTimeout("", DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS).get();
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("skopeo-output")
        .start(
            () -> {
              try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.completeExceptionally(e);
              }
            });
    return text;
  }
}
