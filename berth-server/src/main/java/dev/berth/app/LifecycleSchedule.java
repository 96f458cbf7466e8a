package dev.berth.app;

import dev.berth.lease.LeasedWork;
import dev.berth.lifecycle.LifecycleRunner;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every repository's lifecycle policy each {@code lifecycle-interval} (default hourly; ECR
 * acts within 24 hours), the first run one interval after start; on one node of a cluster at a time
 * (the {@value #LEASE} lease).
 */
final class LifecycleSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LifecycleSchedule.class);

  static final String LEASE = "lifecycle";

  private final LeasedWork leased;
  private final LifecycleRunner runner;
  private final Periodic periodic;

  LifecycleSchedule(LifecycleRunner runner, Duration interval, LeasedWork leased) {
    this.leased = leased;
    this.runner = runner;
    this.periodic = new Periodic("berth-lifecycle", interval, this::runOnce);
  }

  void start() {
    periodic.start();
  }

  private void runOnce() {
    leased.run(LEASE, this::runPolicies);
  }

  private void runPolicies() {
    try {
      LifecycleRunner.Outcome o = runner.runAll();
      LOG.debug(
          "lifecycle policies ran repositories={} expired={} transitioned={} skipped={}",
          o.repositories(),
          o.expired(),
          o.transitioned(),
          o.skipped());
    } catch (RuntimeException e) {
      LOG.warn("failed to run lifecycle policies", e);
    }
  }

  @Override
  public void close() {
    periodic.close();
  }
}
