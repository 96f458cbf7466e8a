package dev.berth.replication;

import dev.berth.lease.LeasedLoop;
import dev.berth.lease.LeasedWork;
import dev.berth.meta.ImageReplication;
import dev.berth.meta.MetadataStore;
import dev.berth.model.RegistryId;
import dev.berth.registry.BlobService;
import dev.berth.registry.ManifestService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread that works the replication queue: on one node of a cluster at a time (the
 * {@value #LEASE} lease), woken when this node commits an event (a push queued work) and every
 * {@link #POLL} otherwise (pushes on other nodes, retries coming due). See the package comment.
 */
public final class ReplicationWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationWorker.class);
  static final String LEASE = "replication";
  static final Duration POLL = Duration.ofSeconds(2);
  static final int MAX_ATTEMPTS = 10;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final int BATCH = 50;

  private final MetadataStore meta;
  private final ImageReplicator replicator;
  private final Clock clock;
  private final LeasedLoop loop;
  private final List<RemoteTarget> remotes;

  /**
   * @param regions the regions this deployment serves
   * @param remotes the registries of other deployments replication may copy to
   */
  public ReplicationWorker(
      MetadataStore meta,
      ManifestService manifests,
      BlobService blobs,
      DestinationRegistries destinations,
      List<String> regions,
      List<RemoteRegistry> remotes,
      LeasedWork leased,
      Clock clock) {
    this.meta = meta;
    this.remotes = remotes.stream().map(r -> new RemoteTarget(r, meta, blobs)).toList();
    Map<RegistryId, ReplicaTarget> byRegistry = new HashMap<>();
    for (int i = 0; i < remotes.size(); i++) {
      byRegistry.put(remotes.get(i).registry(), this.remotes.get(i));
    }
    this.replicator =
        new ImageReplicator(
            meta, new LocalTarget(meta, manifests, destinations, clock), byRegistry, regions);
    this.clock = clock;
    this.loop = new LeasedLoop(LEASE, leased, this::drain, POLL);
    // A commit on this node may have queued replications.
    meta.events().onCommit(loop::wake);
  }

  public void start() {
    loop.start();
  }

  /** Works every due replication until none is due; returns how many attempts ran. */
  public int drain() {
    int attempts = 0;
    while (!loop.closed()) {
      List<ImageReplication> due = meta.replication().due(clock.instant(), BATCH);
      if (due.isEmpty()) {
        return attempts;
      }
      for (ImageReplication task : due) {
        attempt(task);
        attempts++;
      }
    }
    return attempts;
  }

  private void attempt(ImageReplication task) {
    ImageReplication outcome;
    try {
      replicator.replicate(task);
      outcome = outcome(task, ImageReplication.Status.COMPLETE, Optional.empty(), Optional.empty());
    } catch (ReplicationFailure f) {
      LOG.info(
          "replication failed repository={} digest={} destination={} code={}: {}",
          task.repositoryId(),
          task.digest(),
          task.destination(),
          f.code(),
          f.getMessage());
      outcome =
          outcome(
              task,
              ImageReplication.Status.FAILED,
              Optional.of(f.code()),
              Optional.ofNullable(f.getMessage()));
    } catch (RuntimeException e) {
      LOG.warn(
          "replication attempt failed, will retry repository={} digest={} destination={}",
          task.repositoryId(),
          task.digest(),
          task.destination(),
          e);
      outcome = retry(task, String.valueOf(e.getMessage()));
    }
    meta.replication().record(task, outcome);
  }

  private ImageReplication retry(ImageReplication task, String error) {
    int attempts = task.attempts() + 1;
    if (attempts >= MAX_ATTEMPTS) {
      return outcome(
          task,
          ImageReplication.Status.FAILED,
          Optional.of(ReplicationFailure.RETRIES_EXHAUSTED),
          Optional.of(error));
    }
    Instant now = clock.instant();
    Duration wait = Duration.ofSeconds(1L << Math.min(attempts - 1, 20));
    Instant next = now.plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait);
    return new ImageReplication(
        task.repositoryId(),
        task.digest(),
        task.destination(),
        ImageReplication.Status.IN_PROGRESS,
        Optional.empty(),
        Optional.of(error),
        attempts,
        task.generation(),
        next,
        now);
  }

  private ImageReplication outcome(
      ImageReplication task,
      ImageReplication.Status status,
      Optional<String> code,
      Optional<String> error) {
    Instant now = clock.instant();
    return new ImageReplication(
        task.repositoryId(),
        task.digest(),
        task.destination(),
        status,
        code,
        error,
        task.attempts() + 1,
        task.generation(),
        now,
        now);
  }

  /** Stops the thread, letting a running copy finish (interrupted only if it takes long). */
  @Override
  public void close() {
    loop.close();
    remotes.forEach(RemoteTarget::close);
  }
}
