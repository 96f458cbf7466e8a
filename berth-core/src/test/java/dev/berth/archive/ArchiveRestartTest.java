package dev.berth.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.blob.BlobTiers.Tier;
import dev.berth.lease.LeasedWork;
import dev.berth.model.Digest;
import dev.berth.model.ImageStatus;
import dev.berth.model.Repository;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive worker's work survives a stop (issue 10): ACTIVATING images and queued moves are
 * picked up again by a node reopened on the same directories.
 */
class ArchiveRestartTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path data;
  @TempDir Path cold;

  @Test
  void queuedMoves_ofAnArchiveLeftUndone_areDoneAfterARestart() {
    Digest image;
    try (Node before = new Node(data, cold, new Node.MutableClock(T0))) {
      Repository repo = before.repository("team/app");
      image = before.push(repo, "v1", "cfg-1", "layer-1");
      before.archive.archive(repo, image);
      assertThat(before.tier("layer-1")).isEqualTo(Tier.STANDARD);
    }
    try (Node after = new Node(data, cold, new Node.MutableClock(T0))) {
      assertThat(after.archive.runPending().blobsSettled()).isEqualTo(2);
      assertThat(after.tier("layer-1")).isEqualTo(Tier.ARCHIVE);
      assertThat(after.state(after.repository("team/app"), image).status())
          .isEqualTo(ImageStatus.ARCHIVED);
    }
  }

  @Test
  void activatingImages_areRestoredByTheWorkerOfTheNextStart() throws Exception {
    Digest image;
    try (Node before = new Node(data, cold, new Node.MutableClock(T0))) {
      Repository repo = before.repository("team/app");
      image = before.push(repo, "v1", "cfg-1", "layer-1");
      before.archive.archive(repo, image);
      before.archive.runPending();
      before.archive.restore(repo, image);
    }
    try (Node after = new Node(data, cold, new Node.MutableClock(T0.plusSeconds(60)));
        ArchiveWorker worker =
            new ArchiveWorker(after.archive, new LeasedWork(after.meta.leases(), after.clock))) {
      Repository repo = after.repository("team/app");
      assertThat(after.state(repo, image).status()).isEqualTo(ImageStatus.ACTIVATING);
      worker.start();
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
      while (after.state(repo, image).status() != ImageStatus.ACTIVE
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(after.state(repo, image).status()).isEqualTo(ImageStatus.ACTIVE);
      assertThat(after.state(repo, image).lastActivatedAt()).contains(T0.plusSeconds(60));
      assertThat(after.tier("layer-1")).isEqualTo(Tier.STANDARD);
      assertThat(after.pullBlob(repo, "layer-1")).isEqualTo(Node.bytes("layer-1"));
    }
  }
}
