package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real PostgreSQL for tests: Debian's {@code initdb} and {@code pg_ctl} on a temporary directory
 * and a free loopback port, started once per JVM and stopped when it exits. PostgreSQL refuses to
 * run as root, so as root the server runs as the {@code postgres} user the Debian package creates
 * (or {@code nobody}). Each test class takes a fresh database from {@link #newDatabase()}.
 *
 * <p>Durability is off ({@code fsync=off}): the tests check behaviour, not crash safety, which is
 * PostgreSQL's own.
 */
public final class PostgresServer {
  private static final String SUPERUSER = "berth";
  private static @Nullable PostgresServer shared;

  private final Path dir;
  private final Path bin;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path bin) throws IOException, InterruptedException {
    this.bin = bin;
    this.dir = Files.createTempDirectory("berth-pg-");
    this.port = freePort();
    Optional<String> user = runAs();
    if (user.isPresent()) {
      UserPrincipal owner =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user.get());
      Files.setOwner(dir, owner);
    }
    Path data = dir.resolve("data");
    run(
        user,
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        SUPERUSER,
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync");
    run(
        user,
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        "-p "
            + port
            + " -c listen_addresses=127.0.0.1 -k "
            + dir
            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            + " -c max_connections=300 -c max_pred_locks_per_transaction=4096"
            + " -c random_page_cost=1.1",
        "start");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(user, data), "postgres-stop"));
  }

  /** The server of this JVM, started on first use. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      try {
        shared = new PostgresServer(binaries());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return shared;
  }

  /** A JDBC URL of a new, empty database on the shared server. */
  public String newDatabase() {
    String name = "t" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return url(name);
  }

  /** The JDBC URL of database {@code name} as the superuser. */
  public String url(String name) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=" + SUPERUSER;
  }

  /** The server's port on 127.0.0.1. */
  public int port() {
    return port;
  }

  private static Path binaries() {
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest =
            versions
                .filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
                .max(Comparator.comparingInt(PostgresServer::major));
        if (newest.isPresent()) {
          return newest.get().resolve("bin");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException(
        "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install"
            + " postgresql)");
  }

  private static int major(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The unprivileged user to run the server as when this JVM runs as root. */
  private static Optional<String> runAs() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    p.waitFor();
    if (!uid.equals("0")) {
      return Optional.empty();
    }
    Process postgres = new ProcessBuilder("id", "postgres").redirectErrorStream(true).start();
    postgres.getInputStream().readAllBytes();
    return Optional.of(postgres.waitFor() == 0 ? "postgres" : "nobody");
  }

  private void run(Optional<String> user, String... command)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    user.ifPresent(u -> argv.addAll(List.of("runuser", "-u", u, "--")));
    argv.addAll(List.of(command));
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      String log = "";
      Path server = dir.resolve("server.log");
      if (Files.exists(server)) {
        log = Files.readString(server);
      }
      throw new IllegalStateException(
          String.join(" ", argv) + " failed:\n" + out + (log.isEmpty() ? "" : "\n" + log));
    }
  }

  private void stop(Optional<String> user, Path data) {
    try {
      run(user, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop");
    } catch (IOException | RuntimeException e) {
      // the JVM is exiting; the directory is removed below all the same
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort in a shutdown hook
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
