package dev.berth.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11: the access log loses no line and mixes none under concurrent requests. */
class AccessLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void concurrentRequests_eachGetOneWholeLine_andCloseWritesTheRest() throws Exception {
    Path file = dir.resolve("logs/access.log");
    int threads = 32;
    int perThread = 5_000;
    AccessLog log = AccessLog.toFile(file, AccessLogFormat.JSON);
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    RequestRecord r =
                        new RequestRecord("127.0.0.1", "GET", "/v2/team/app/blobs/x").api("oci");
                    r.complete(200, 0, i);
                    log.completed(r);
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    }
    long queuedNanos = System.nanoTime() - t0;
    log.close();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    System.out.printf(
        "access log: %d lines from %d threads queued in %d ms (%.2f us per line)%n",
        lines.size(), threads, queuedNanos / 1_000_000, queuedNanos / 1000.0 / lines.size());
    assertThat(lines).hasSize(threads * perThread);
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      ids.add(JSON.readTree(line).path("request_id").asText());
    }
    assertThat(ids).as("every line whole and its own").hasSize(threads * perThread);
  }

  @Test
  void aReopenedFile_isAppendedTo() throws Exception {
    Path file = dir.resolve("access.log");
    for (int round = 0; round < 2; round++) {
      AccessLog log = AccessLog.toFile(file, AccessLogFormat.TEXT);
      RequestRecord r = new RequestRecord("::1", "GET", "/healthz").api("ops");
      r.complete(200, 0, 15);
      log.completed(r);
      log.close();
      log.completed(r); // after close: ignored
    }
    assertThat(Files.readAllLines(file)).hasSize(2).allMatch(l -> l.contains(" 200 GET /healthz "));
  }
}
