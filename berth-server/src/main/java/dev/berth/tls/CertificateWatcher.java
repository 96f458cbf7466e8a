package dev.berth.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the certificate and key files (modification time, size and file identity, following
 * symbolic links) and hands a new pair to the server once the files have stayed the same for one
 * poll, so that two files replaced one after the other are read together. A pair that does not
 * parse or whose key does not match its certificate is reported with one warning and the old pair
 * keeps serving; a later change is tried again. In auto mode it also renews the server certificate
 * when it nears its expiry (checked hourly).
 */
public final class CertificateWatcher implements AutoCloseable {
  /** What one {@link #check()} found. */
  public enum Outcome {
    /** The files are those last examined. */
    UNCHANGED,
    /** The files changed since the previous check; they are read at the next one if still. */
    CHANGING,
    /** A new pair was read and applied. */
    RELOADED,
    /** The changed files were not a usable pair; the previous one is still served. */
    REJECTED
  }

  private static final Logger LOG = LoggerFactory.getLogger(CertificateWatcher.class);
  private static final Duration RENEWAL_CHECK = Duration.ofHours(1);

  private final CertificateSource source;
  private final Consumer<KeyMaterial> apply;
  private List<String> examined;
  private @Nullable List<String> seen;
  private long nextRenewalCheck;
  private @Nullable ScheduledExecutorService timer;

  /**
   * @param source the files
   * @param apply installs a pair that parsed and matched; it may throw to refuse it
   */
  public CertificateWatcher(CertificateSource source, Consumer<KeyMaterial> apply) {
    this.source = source;
    this.apply = apply;
    this.examined = fingerprint();
    this.nextRenewalCheck = System.nanoTime() + RENEWAL_CHECK.toNanos();
  }

  /** Checks every {@code interval} on a daemon thread until closed. */
  public synchronized void start(Duration interval) {
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread th = new Thread(r, "berth-tls-watcher");
              th.setDaemon(true);
              return th;
            });
    timer = t;
    var unused =
        t.scheduleWithFixedDelay(
            this::checkQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn("failed to check the tls certificate files", e);
    }
  }

  /** One poll; the background thread calls it, and so may anyone who needs it now. */
  public synchronized Outcome check() {
    if (System.nanoTime() - nextRenewalCheck >= 0) {
      nextRenewalCheck = System.nanoTime() + RENEWAL_CHECK.toNanos();
      try {
        source.renewIfDue();
      } catch (TlsException e) {
        LOG.warn("failed to renew the tls server certificate: {}", e.getMessage());
      }
    }
    List<String> now = fingerprint();
    if (now.equals(examined)) {
      seen = null;
      return Outcome.UNCHANGED;
    }
    if (!now.equals(seen)) {
      seen = now;
      return Outcome.CHANGING;
    }
    examined = now;
    seen = null;
    KeyMaterial material;
    try {
      material = source.load();
      apply.accept(material);
    } catch (RuntimeException e) {
      LOG.warn(
          "failed to reload the tls certificate, still serving the previous one: {}",
          String.valueOf(e.getMessage()));
      return Outcome.REJECTED;
    }
    LOG.info(
        "reloaded the tls certificate subject={} notAfter={}",
        material.certificate().getSubjectX500Principal().getName(),
        material.certificate().getNotAfter().toInstant());
    return Outcome.RELOADED;
  }

  private List<String> fingerprint() {
    List<String> out = new ArrayList<>();
    for (Path f : source.files()) {
      try {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        out.add(
            a.lastModifiedTime().toInstant()
                + "/"
                + a.size()
                + "/"
                + Objects.toString(a.fileKey(), ""));
      } catch (NoSuchFileException e) {
        out.add("missing");
      } catch (IOException e) {
        out.add("unreadable: " + e.getMessage());
      }
    }
    return out;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
