package dev.berth.cli;

import dev.berth.app.Berth;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.gc.GarbageCollector;
import dev.berth.gc.GcOutcome;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth gc}: one garbage collection on a data directory, whether or not a node serves it
 * (SQLite admits other processes; the collector lease keeps a node's scheduled run and this one
 * apart). Prints a progress line on long runs and a summary; exits 1 with one line when another
 * collection is running.
 */
@Command(
    name = "gc",
    description =
        "Remove blobs no image references, files without metadata and abandoned uploads, online."
            + " Works on the data directory of a running node or offline.")
final class GcCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--dry-run", description = "only report what would be removed")
  boolean dryRun;

  @Option(
      names = "--grace-period",
      paramLabel = "D",
      description =
          "keep unreferenced blobs, links and staged uploads younger than this (default: the"
              + " gc-grace-period setting, 1h; e.g. 30m, 0)")
  String gracePeriod;

  @Option(
      names = "--progress-interval",
      hidden = true,
      description = "least time between progress lines (default 5s)")
  String progressInterval;

  @Override
  public Integer call() {
    BerthConfig config = options.load();
    Berth.Services s = Berth.services(config, Clock.systemUTC());
    try {
      GarbageCollector.Settings settings = s.collector().settings();
      if (gracePeriod != null) {
        settings =
            settings.withGracePeriod(ConfigLoader.durationFromZero("--grace-period", gracePeriod));
      }
      if (progressInterval != null) {
        settings =
            settings.withProgressInterval(
                ConfigLoader.durationFromZero("--progress-interval", progressInterval));
      }
      GarbageCollector collector =
          new GarbageCollector(
              s.meta().gc(), s.meta().leases(), s.blobStore(), Clock.systemUTC(), settings);
      PrintStream out = System.out;
      PrintStream err = System.err;
      out.println(
          "berth gc: "
              + (dryRun ? "dry run, " : "")
              + "grace period "
              + human(settings.gracePeriod())
              + ", upload expiry "
              + human(settings.uploadExpiry()));
      GcOutcome outcome = collector.run(dryRun, p -> err.println("berth gc: " + p.line()));
      if (outcome instanceof GcOutcome.Completed c) {
        out.println("berth gc: " + GarbageCollector.describe(c.summary()));
        return 0;
      }
      err.println("berth: gc: " + ((GcOutcome.Busy) outcome).message());
      return 1;
    } finally {
      s.meta().close();
    }
  }

  private static String human(Duration d) {
    return d.isZero() ? "0" : d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
