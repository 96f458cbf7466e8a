package dev.berth.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import dev.berth.model.Repository;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10: a node collects on its {@code gc-interval}; {@code off} schedules nothing. */
class GcScheduleTest {
  @TempDir Path dir;

  private static Digest uploadGarbage(TestNode node) {
    Repository repo = node.createRepository("team/app");
    byte[] bytes = new byte[777];
    Digest d = Digest.sha256(Hashing.sha256().digest(bytes));
    node.berth()
        .services()
        .uploads()
        .upload(repo, "arn:aws:iam::000000000000:root", d, new ByteArrayInputStream(bytes));
    return d;
  }

  @Test
  void scheduledCollection_removesGarbage_andRecordsTheRun() throws Exception {
    try (TestNode node =
        TestNode.start(dir, Map.of("gc-interval", "PT0.2S", "gc-grace-period", "0"))) {
      Digest d = uploadGarbage(node);
      long deadline = System.nanoTime() + 60_000_000_000L;
      // The bytes go during a run; its summary is stored when the run ends.
      while ((node.berth().services().blobStore().size(d).isPresent()
              || node.berth().services().collector().lastRun().isEmpty())
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(node.berth().services().blobStore().size(d)).isEmpty();
      assertThat(node.berth().services().collector().lastRun()).isPresent();
    }
  }

  @Test
  void off_schedulesNoCollection() throws Exception {
    try (TestNode node =
        TestNode.start(dir, Map.of("gc-interval", "off", "gc-grace-period", "0"))) {
      Digest d = uploadGarbage(node);
      Thread.sleep(500);
      assertThat(node.berth().services().collector().lastRun()).isEmpty();
      assertThat(node.berth().services().blobStore().size(d)).isPresent();
    }
  }
}
