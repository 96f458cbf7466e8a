package dev.berth.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's real nginx ({@code /usr/sbin/nginx}) as a load balancer in front of Berth nodes on
 * loopback, for the cluster tests: its own prefix, configuration, pid file, temp directories and
 * logs under a directory the test owns, in the foreground ({@code daemon off}) as a child of the
 * test JVM, on a free loopback port. {@link #close()} stops what {@link #start} started.
 *
 * <p>What the configuration does, and why (the settings a registry needs behind any proxy):
 *
 * <ul>
 *   <li>{@code client_max_body_size 0}: layer uploads have no size limit at the proxy.
 *   <li>{@code proxy_request_buffering off} and {@code proxy_buffering off}: request and response
 *       bodies stream through instead of being spooled to disk first, so a multi-gigabyte PATCH or
 *       GET starts at once and nginx holds no copy.
 *   <li>{@code proxy_http_version 1.1} with an empty {@code Connection}: chunked request bodies
 *       pass through unbuffered, and upstream connections are kept alive.
 *   <li>{@code Host $http_host} (the client's host and port, unchanged: SigV4 signs it, and Berth
 *       hands out registry URIs built from it), {@code X-Forwarded-For}, {@code X-Forwarded-Proto},
 *       {@code X-Forwarded-Host}. Berth reads none of the {@code X-Forwarded-*} headers today; they
 *       are set as a real deployment would set them.
 *   <li>Round robin over the nodes with {@code max_fails=1 fail_timeout=30s}: a node that refused a
 *       connection is skipped for 30 s (passive health checks; open-source nginx has no active
 *       ones).
 *   <li>{@code proxy_next_upstream error timeout}: a request that could not be connected or timed
 *       out goes to the next node, with nginx's default semantics: never a non-idempotent request
 *       (POST, PATCH, LOCK) once it was sent to a node, and, with request buffering off, never a
 *       request whose body nginx had started to send. A request cut off mid-way by a node's death
 *       fails to the client ({@code 502}), and the client retries.
 * </ul>
 */
final class Nginx implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/sbin/nginx");

  private final Process process;
  private final int port;
  private final Path dir;

  private Nginx(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /**
   * Starts nginx with its files under {@code dir}, balancing over {@code upstreamPorts} on
   * 127.0.0.1; returns once it accepts connections.
   */
  static Nginx start(Path dir, List<Integer> upstreamPorts)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    for (String sub : List.of("logs", "body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      Files.createDirectories(dir.resolve(sub));
    }
    int port = freePort();
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config(dir, port, upstreamPorts), StandardCharsets.UTF_8);
    Path out = dir.resolve("logs/stdout.log");
    Process p =
        new ProcessBuilder(
                BINARY.toString(),
                "-p",
                dir.toString(),
                "-c",
                conf.toString(),
                "-e",
                dir.resolve("logs/error.log").toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "nginx exited with "
                + p.exitValue()
                + ":\n"
                + Files.readString(out)
                + "\n"
                + readIfExists(dir.resolve("logs/error.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return new Nginx(p, port, dir);
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException("nginx did not listen on " + port, notYet);
        }
        Thread.sleep(50);
      }
    }
  }

  /** The configuration; see the class comment. */
  static String config(Path dir, int port, List<Integer> upstreamPorts) {
    String servers =
        upstreamPorts.stream()
            .map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=30s;")
            .collect(Collectors.joining("\n"));
    // As root the workers would otherwise run as nobody, who cannot write the temp directories.
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    return user
        + "worker_processes 1;\n"
        + "daemon off;\n"
        + "pid "
        + dir.resolve("nginx.pid")
        + ";\n"
        + "error_log "
        + dir.resolve("logs/error.log")
        + " warn;\n"
        + "events { worker_connections 1024; }\n"
        + "http {\n"
        + "  log_format upstreams '$msec $remote_addr \"$request\" $status $body_bytes_sent'\n"
        + "      ' upstream=$upstream_addr upstream_status=$upstream_status"
        + " time=$request_time';\n"
        + "  access_log "
        + dir.resolve("logs/access.log")
        + " upstreams;\n"
        + "  client_body_temp_path "
        + dir.resolve("body")
        + ";\n"
        + "  proxy_temp_path "
        + dir.resolve("proxy")
        + ";\n"
        + "  fastcgi_temp_path "
        + dir.resolve("fastcgi")
        + ";\n"
        + "  uwsgi_temp_path "
        + dir.resolve("uwsgi")
        + ";\n"
        + "  scgi_temp_path "
        + dir.resolve("scgi")
        + ";\n"
        + "  upstream berth {\n"
        + servers
        + "\n    keepalive 16;\n"
        + "  }\n"
        + "  server {\n"
        + "    listen 127.0.0.1:"
        + port
        + ";\n"
        + "    client_max_body_size 0;\n"
        + "    proxy_request_buffering off;\n"
        + "    proxy_buffering off;\n"
        + "    proxy_http_version 1.1;\n"
        + "    proxy_set_header Connection \"\";\n"
        + "    proxy_set_header Host $http_host;\n"
        + "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        + "    proxy_set_header X-Forwarded-Proto $scheme;\n"
        + "    proxy_set_header X-Forwarded-Host $http_host;\n"
        + "    proxy_connect_timeout 2s;\n"
        + "    proxy_send_timeout 300s;\n"
        + "    proxy_read_timeout 300s;\n"
        + "    proxy_next_upstream error timeout;\n"
        + "    location / {\n"
        + "      proxy_pass http://berth;\n"
        + "    }\n"
        + "  }\n"
        + "}\n";
  }

  int port() {
    return port;
  }

  /** {@code 127.0.0.1:<port>}, as registry clients write it. */
  String hostPort() {
    return "127.0.0.1:" + port;
  }

  URI base() {
    return URI.create("http://" + hostPort());
  }

  /** The access log: one line per request, with the node ({@code upstream=}) that answered it. */
  List<String> accessLog() {
    try {
      return Files.readAllLines(dir.resolve("logs/access.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How many of the requests each node ({@code host:port}) was sent; a request nginx passed on to
   * the next node after an error counts for both.
   */
  static Map<String, Long> upstreamCounts(List<String> accessLogLines) {
    return accessLogLines.stream()
        .flatMap(l -> Arrays.stream(upstreams(l)))
        .collect(Collectors.groupingBy(u -> u, TreeMap::new, Collectors.counting()));
  }

  /** Whether nginx's attempt of the request on {@code node} failed (it logs 502 or 504 for it). */
  static boolean failedOn(String accessLogLine, String node) {
    String[] tried = upstreams(accessLogLine);
    String[] statuses =
        accessLogLine.replaceAll(".* upstream_status=(.*) time=.*", "$1").split(", ", -1);
    for (int i = 0; i < tried.length && i < statuses.length; i++) {
      if (tried[i].equals(node) && (statuses[i].equals("502") || statuses[i].equals("504"))) {
        return true;
      }
    }
    return false;
  }

  /** How many of the logged requests had each method, e.g. {@code {PATCH=1, PUT=2}}. */
  static Map<String, Long> methods(List<String> accessLogLines) {
    return accessLogLines.stream()
        .map(l -> l.replaceAll("^[^\"]*\"([A-Z]+) .*", "$1"))
        .collect(Collectors.groupingBy(m -> m, TreeMap::new, Collectors.counting()));
  }

  /** The nodes nginx tried for one request, in order ({@code $upstream_addr}). */
  static String[] upstreams(String accessLogLine) {
    return accessLogLine.replaceAll(".* upstream=(.*) upstream_status=.*", "$1").split(", ", -1);
  }

  String errorLog() {
    return readIfExists(dir.resolve("logs/error.log"));
  }

  private static String readIfExists(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops nginx (SIGTERM: fast shutdown, the master stops its workers), then kills master and
   * workers if it is still running after 10 s.
   */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> workers = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      workers.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
