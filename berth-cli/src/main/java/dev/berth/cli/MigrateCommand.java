package dev.berth.cli;

import dev.berth.app.Migration;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.meta.jdbc.MetadataMigration;
import dev.berth.meta.jdbc.MigrationRefusedException;
import dev.berth.model.Digest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth migrate --to-config FILE}: copies a stopped single node (the data directory of
 * {@code --data}/{@code --config}) into the PostgreSQL database and blob store that FILE
 * configures, the file the cluster's nodes will run with. Progress goes to stderr (one line redrawn
 * on a terminal, plain lines otherwise), the summary to stdout. Exit 0 when everything arrived, 1
 * when refused or failed (one line; a later run resumes a failed one), 3 when it finished but blobs
 * were missing or corrupt in the source or row counts differ.
 */
@Command(
    name = "migrate",
    description =
        "Move a stopped single node (SQLite and files) to PostgreSQL and S3 as configured by"
            + " --to-config. The old data directory is only read; an interrupted run resumes.")
final class MigrateCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(
      names = "--to-config",
      required = true,
      paramLabel = "FILE",
      description =
          "the cluster's config file: database-url (PostgreSQL), blob-store, master-key-file")
  Path toConfig;

  @Option(
      names = "--progress-interval",
      hidden = true,
      description = "least time between progress lines when not on a terminal (default 5s)")
  String progressInterval;

  @Override
  public Integer call() {
    BerthConfig source = options.load();
    BerthConfig target = ConfigLoader.load(Optional.of(toConfig), System.getenv(), Map.of());
    PrintStream out = System.out;
    PrintStream err = System.err;
    java.time.Duration every =
        progressInterval == null
            ? Display.PLAIN_EVERY
            : ConfigLoader.durationFromZero("--progress-interval", progressInterval);
    Display display = new Display(err, terminal(), every.toNanos());
    out.println(
        "berth migrate: from "
            + source.storage().data()
            + " to "
            + redacted(target.storage().databaseUrl())
            + " and "
            + describe(target));
    Migration.Summary s;
    try {
      s = Migration.run(source, target, display);
    } catch (MigrationRefusedException e) {
      display.end();
      err.println("berth: migrate: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      display.end();
      err.println("berth: migrate: failed, run it again to resume: " + e.getMessage() + cause(e));
      return 1;
    }
    display.end();
    print(out, s);
    return s.ok() ? 0 : 3;
  }

  /** Whether stderr's process is attached to a terminal (JDK 22+ says so only when asked). */
  @SuppressWarnings("SystemConsoleNull")
  private static boolean terminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return true;
    }
  }

  private static String cause(Throwable e) {
    Throwable c = e.getCause();
    return c == null ? "" : " (" + c.getMessage() + ")";
  }

  private static String describe(BerthConfig c) {
    return switch (c.storage().blobs()) {
      case dev.berth.config.BlobStoreConfig.S3 s3 -> "s3://" + s3.bucket() + "/" + s3.prefix();
      case dev.berth.config.BlobStoreConfig.Filesystem fs -> "files under " + fs.root();
      case dev.berth.config.BlobStoreConfig.Memory m -> "memory";
    };
  }

  /** The URL without its query (which may hold a password). */
  private static String redacted(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  static void print(PrintStream out, Migration.Summary s) {
    out.printf(
        Locale.ROOT,
        "berth migrate: %s in %.1fs%s%n",
        s.ok() ? "done" : "finished with problems",
        s.elapsed().toMillis() / 1000.0,
        switch (s.start()) {
          case NEW -> "";
          case INTERRUPTED -> " (resumed an interrupted run)";
          case FINISHED -> " (the target held a finished migration of this node; checked it)";
        });
    out.printf(
        Locale.ROOT,
        "  tables   %d, %d rows (%d written now, %d already there)%n",
        s.tables().size(),
        s.rows(),
        s.rowsWritten(),
        s.rows() - s.rowsWritten());
    out.printf(
        Locale.ROOT,
        "  blobs    %d: %d copied (%s, every digest verified), %d already there, %d missing,"
            + " %d corrupt%n",
        s.blobs(),
        s.copied(),
        bytes(s.bytesCopied()),
        s.existing(),
        s.missing().size(),
        s.corrupt().size());
    out.println(
        "  key      "
            + s.masterKey().file()
            + (s.masterKey().copied()
                ? " (the old node's master key, copied; give this file to every node)"
                : " (holds the old node's master key; give this file to every node)"));
    for (MetadataMigration.TableResult t : s.incomplete()) {
      out.println(
          "  table "
              + t.table()
              + ": "
              + t.sourceRows()
              + " rows in the source, "
              + t.targetRows()
              + " in the target");
    }
    for (Digest d : s.missing()) {
      out.println(
          "  missing  " + d + " (listed by the old node's metadata, no bytes in its store)");
    }
    for (Digest d : s.corrupt()) {
      out.println("  corrupt  " + d + " (the old node's bytes do not match; not copied)");
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String units = "KMGTPE";
    int u = (63 - Long.numberOfLeadingZeros(n)) / 10;
    return String.format(Locale.ROOT, "%.1f %siB", n / Math.pow(1024, u), units.charAt(u - 1));
  }

  /** Progress on stderr: one line redrawn in place on a terminal, a line now and then otherwise. */
  static final class Display implements Migration.Progress {
    private static final long TTY_EVERY_NANOS = 200_000_000L;
    static final java.time.Duration PLAIN_EVERY = java.time.Duration.ofSeconds(5);

    private final PrintStream err;
    private final boolean tty;
    private final long plainEveryNanos;
    private long last;
    private boolean open;

    Display(PrintStream err, boolean tty, long plainEveryNanos) {
      this.err = err;
      this.tty = tty;
      this.plainEveryNanos = plainEveryNanos;
    }

    @Override
    public void table(String table, long done, long total) {
      String line = "berth migrate: table " + table + " " + done + "/" + total + " rows";
      if (tty) {
        redraw(line, done == total);
      } else if (done == total) {
        err.println(line);
      }
    }

    @Override
    public void blobs(long done, long total, long bytes, long totalBytes) {
      String line =
          "berth migrate: blobs "
              + done
              + "/"
              + total
              + ", "
              + MigrateCommand.bytes(bytes)
              + " of "
              + MigrateCommand.bytes(totalBytes);
      long now = System.nanoTime();
      if (tty) {
        redraw(line, done == total);
      } else if (done == total || now - last >= plainEveryNanos) {
        last = now;
        err.println(line);
      }
    }

    private void redraw(String line, boolean force) {
      long now = System.nanoTime();
      if (!force && now - last < TTY_EVERY_NANOS) {
        return;
      }
      last = now;
      err.print("\r" + line + "\033[K");
      open = true;
    }

    void end() {
      if (open) {
        err.println();
        open = false;
      }
    }
  }
}
