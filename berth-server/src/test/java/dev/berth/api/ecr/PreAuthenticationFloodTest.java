package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Issue 9, item 6, the goal as the issue states it: 100 anonymous connections each sending 30 MB
 * leave a node with the launcher's default heap (Serial GC, {@code -Xmx192m}) below its limit, and
 * a signed client's 4 MiB UploadLayerPart calls keep succeeding during the attack. The node runs in
 * a forked JVM with that heap ({@link #main}); before the fix six such connections were enough for
 * an OutOfMemoryError.
 */
class PreAuthenticationFloodTest {
  private static final int ATTACKERS = 100;
  private static final long ATTACK_BYTES = 30_000_000;
  private static final int PART = 4 * 1024 * 1024;
  private static final int PARTS = 12;

  @TempDir Path dir;

  @Test
  void hundredAnonymous30MbBodies_leaveTheHeapBelowItsLimit_andSignedPartsSucceed()
      throws Exception {
    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-Xmx192m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                PreAuthenticationFloodTest.class.getName(),
                dir.resolve("data").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8)) {
      int port = Integer.parseInt(out.readLine().replace("port ", ""));
      AtomicBoolean attacking = new AtomicBoolean(true);
      AtomicLong attackBytes = new AtomicLong();
      AtomicLong attacks = new AtomicLong();
      List<Future<?>> attackers = new ArrayList<>();
      for (int i = 0; i < ATTACKERS; i++) {
        // Half declare their 30 MB (over UploadLayerPart's cap), half declare 20 MB (within it)
        // and send 30 MB anyway.
        long declared = i % 2 == 0 ? ATTACK_BYTES : 20_000_000;
        attackers.add(
            threads.submit(
                () -> {
                  while (attacking.get()) {
                    try (RawPost post = RawPost.open("127.0.0.1", port, declared, false)) {
                      long sent = 0;
                      while (sent < ATTACK_BYTES && post.send(1024 * 1024)) {
                        sent += 1024 * 1024;
                      }
                      attackBytes.addAndGet(sent);
                      attacks.incrementAndGet();
                    } catch (RuntimeException e) {
                      attacks.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      Thread.sleep(1_000);
      long started = System.nanoTime();
      try (EcrClient ecr = client(port)) {
        ecr.createRepository(r -> r.repositoryName("team/app"));
        String id = ecr.initiateLayerUpload(r -> r.repositoryName("team/app")).uploadId();
        MessageDigest sha = Hashing.sha256();
        Random random = new Random(9);
        for (int i = 0; i < PARTS; i++) {
          byte[] part = new byte[PART];
          random.nextBytes(part);
          sha.update(part);
          long first = (long) i * PART;
          long last =
              ecr.uploadLayerPart(
                      r ->
                          r.repositoryName("team/app")
                              .uploadId(id)
                              .partFirstByte(first)
                              .partLastByte(first + PART - 1)
                              .layerPartBlob(SdkBytes.fromByteArray(part)))
                  .lastByteReceived();
          assertThat(last).isEqualTo(first + PART - 1);
        }
        Digest digest = Digest.sha256(sha.digest());
        assertThat(
                ecr.completeLayerUpload(
                        r ->
                            r.repositoryName("team/app")
                                .uploadId(id)
                                .layerDigests(digest.toString()))
                    .layerDigest())
            .isEqualTo(digest.toString());
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      attacking.set(false);
      for (Future<?> f : attackers) {
        f.get(60, TimeUnit.SECONDS);
      }
      in.println("heap");
      String[] heap = out.readLine().split(" ", -1);
      long peakAfterGc = Long.parseLong(heap[1]);
      long max = Long.parseLong(heap[2]);
      System.out.printf(
          "flood: %d attack connections sent %d MB in total; %d signed 4 MiB parts in %d ms;"
              + " old generation after GC at most %d MiB of a %d MiB heap%n",
          attacks.get(),
          attackBytes.get() / 1_000_000,
          PARTS,
          millis,
          peakAfterGc >> 20,
          max >> 20);
      assertThat(server.isAlive()).as("no OutOfMemoryError").isTrue();
      assertThat(attacks.get()).isGreaterThanOrEqualTo(ATTACKERS);
      assertThat(peakAfterGc).isLessThan(max / 2);
    } finally {
      threads.shutdownNow();
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static EcrClient client(int port) {
    return EcrClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY)))
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  /**
   * The forked node: prints {@code port N}, then answers each {@code heap} line on stdin with the
   * largest old-generation use seen after a collection and the heap's maximum, in bytes.
   */
  public static void main(String[] args) throws Exception {
    try (TestNode node = TestNode.start(Path.of(args[0]))) {
      AtomicLong peak = new AtomicLong();
      Thread sampler =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (true) {
                      long used = 0;
                      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.HEAP
                            && pool.getCollectionUsage() != null
                            && pool.getName().contains("Tenured")) {
                          used += pool.getCollectionUsage().getUsed();
                        }
                      }
                      peak.accumulateAndGet(used, Math::max);
                      try {
                        Thread.sleep(20);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      System.out.println("port " + node.base().getPort());
      System.out.flush();
      BufferedReader stdin =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = stdin.readLine()) != null) {
        if ("heap".equals(line)) {
          long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
          System.out.println("heap " + peak.get() + " " + max);
          System.out.flush();
        }
      }
      sampler.interrupt();
    } catch (IOException e) {
      System.exit(2);
    }
  }
}
