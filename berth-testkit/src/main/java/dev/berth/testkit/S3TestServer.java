package dev.berth.testkit;

import dev.berth.blob.s3.S3BlobStore;
import dev.berth.blob.s3.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 protocol server for tests: S3Proxy over its {@code filesystem-nio2} backend in a temp
 * directory, in a child JVM (its jclouds and relocated Jetty stay out of the test JVM), listening
 * on 127.0.0.1 only and checking AWS SigV2/SigV4 signatures against a static key. One server per
 * JVM, started on first use and stopped by a shutdown hook; each test takes a fresh bucket from
 * {@link #newBucket()}.
 *
 * <p>The child's classpath is the test classpath: a module using this adds {@code org.gaul:s3proxy}
 * as a test dependency (see berth-testkit's pom for the exclusions).
 */
public final class S3TestServer {
  public static final String ACCESS_KEY = "berth-test";
  public static final String SECRET_KEY = "berth-test-secret";
  public static final String REGION = "us-east-1";

  private static @Nullable S3TestServer instance;
  private static @Nullable S3TestServer virtualHostedInstance;

  private final Process process;
  private final int port;
  private final Path dir;
  private final S3Client admin;
  private final AtomicInteger buckets = new AtomicInteger();
  private final boolean virtualHosted;

  private S3TestServer(Process process, int port, Path dir, boolean virtualHosted) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.virtualHosted = virtualHosted;
    this.admin = S3BlobStore.client(settings("admin"));
  }

  /** The running path-style server, started on the first call. */
  public static synchronized S3TestServer get() {
    S3TestServer s = instance;
    if (s == null) {
      s = start(false);
      instance = s;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "s3proxy-stop"));
    }
    return s;
  }

  /**
   * A second server that takes virtual-host-style requests ({@code <bucket>.s3.berth.test}): with
   * {@code s3proxy.virtual-host} set, S3Proxy reads every other Host header as a bucket name, so
   * one server cannot serve both styles. Only a JVM whose resolver knows {@code berth.test} can
   * reach it (berth-testkit's tests register {@code TestNames}).
   */
  public static synchronized S3TestServer virtualHosted() {
    S3TestServer s = virtualHostedInstance;
    if (s == null) {
      s = start(true);
      virtualHostedInstance = s;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "s3proxy-vhost-stop"));
    }
    return s;
  }

  private static S3TestServer start(boolean virtualHosted) {
    try {
      Path dir = Files.createTempDirectory("berth-s3proxy");
      Path data = Files.createDirectory(dir.resolve("data"));
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      Properties p = new Properties();
      p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
      p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      if (virtualHosted) {
        p.setProperty("s3proxy.virtual-host", VIRTUAL_HOST);
      }
      p.setProperty("s3proxy.identity", ACCESS_KEY);
      p.setProperty("s3proxy.credential", SECRET_KEY);
      p.setProperty("jclouds.provider", "filesystem-nio2");
      p.setProperty("jclouds.filesystem.basedir", data.toString());
      Path props = dir.resolve("s3proxy.properties");
      try (Writer w = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
        p.store(w, "Berth test S3 server");
      }
      String classpath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      Path log = dir.resolve("s3proxy.log");
      Process process =
          new ProcessBuilder(
                  List.of(
                      java,
                      "-Xmx512m",
                      // S3Proxy sends System.out/err to its logger; a console logger would loop.
                      "-Dorg.slf4j.simpleLogger.logFile=" + log,
                      "-cp",
                      classpath,
                      "org.gaul.s3proxy.Main",
                      "--properties",
                      props.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("s3proxy.out").toFile())
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "S3Proxy exited with " + process.exitValue() + ": " + Files.readString(log));
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
          break;
        } catch (IOException notYet) {
          if (System.nanoTime() > deadline) {
            process.destroyForcibly();
            throw new IllegalStateException("S3Proxy did not listen: " + Files.readString(log));
          }
          Thread.sleep(100);
        }
      }
      return new S3TestServer(process, port, dir, virtualHosted);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The server's path-style endpoint. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * The name under which buckets are subdomains (virtual-host style). Nothing resolves it but a
   * test JVM that registers {@code TestNames}, the resolver berth-testkit's own tests install.
   */
  public static final String VIRTUAL_HOST = "s3.berth.test";

  /** The endpoint for virtual-host style: {@code <bucket>.s3.berth.test}. */
  public URI virtualHostEndpoint() {
    return URI.create("http://" + VIRTUAL_HOST + ":" + port);
  }

  /**
   * Settings for a bucket (path style, or virtual-host style on {@link #virtualHosted()}), with the
   * server's key and a 5 MiB part size.
   */
  public S3Settings settings(String bucket) {
    return S3Settings.of(bucket, REGION)
        .withEndpoint(virtualHosted ? virtualHostEndpoint() : endpoint(), !virtualHosted)
        .withCredentials(ACCESS_KEY, SECRET_KEY)
        .withPartSize(S3Settings.MIN_PART_SIZE);
  }

  /** A client of the server for a test's own assertions (in the server's style). */
  public S3Client admin() {
    return admin;
  }

  /** Creates a new, empty bucket and returns its name. */
  public String newBucket() {
    String name = "berth-" + ProcessHandle.current().pid() + "-" + buckets.incrementAndGet();
    admin.createBucket(r -> r.bucket(name));
    return name;
  }

  private void stop() {
    admin.close();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind
    }
  }
}
