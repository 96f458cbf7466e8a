// Client load for bench/run.sh: a small HTTP/1.1 client over SocketChannel (keep-alive, request
// bodies sent with FileChannel.transferTo, response bodies drained into a direct buffer), so the
// client costs as little CPU as curl does and the same bytes go to Berth and to Distribution.
// Compiled once by run.sh with a JDK >= 21; not part of the Maven build.
//
//   java Load push-mono    BASE REPO FILE AUTH RUNID              one POST + one PUT ?digest=
//   java Load push-chunked BASE REPO FILE AUTH RUNID CHUNK        POST, PATCH per CHUNK, PUT
//   java Load push-many    BASE REPO COUNT SIZE CONC AUTH RUNID   COUNT blobs, CONC clients
//   java Load seed-image   BASE REPO AUTH                        config + layer + manifest :latest
//   java Load seed-tags    BASE REPO AUTH N CONC                  the :latest manifest under N tags
//   java Load seed-repos   BASE PREFIX N CONC AUTH|sigv4:KEY:SECRET   N repositories
//   java Load list         BASE PATH AUTH SECONDS                 full listings (Link headers)
//   java Load sha256       SECONDS                                MessageDigest, one thread
//   java Load summarize    RESULTS.tsv                             the table
// AUTH is "-" for none, else the value of the Authorization header. Results go to stdout as
// "key value" lines that run.sh records.

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class Load {
  static final double MB = 1_000_000.0;
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  public static void main(String[] a) {
    try {
      run(a);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  static void run(String[] a) throws Exception {
    switch (a[0]) {
      case "push-mono" -> pushMono(a[1], a[2], Path.of(a[3]), auth(a[4]), a[5]);
      case "push-chunked" ->
          pushChunked(a[1], a[2], Path.of(a[3]), auth(a[4]), a[5], Long.parseLong(a[6]));
      case "push-many" ->
          pushMany(
              a[1],
              a[2],
              Integer.parseInt(a[3]),
              Integer.parseInt(a[4]),
              Integer.parseInt(a[5]),
              auth(a[6]),
              a[7]);
      case "seed-image" -> System.out.println("digest " + seedImage(a[1], a[2], auth(a[3])));
      case "seed-tags" ->
          seedTags(a[1], a[2], auth(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]));
      case "seed-repos" ->
          seedRepos(a[1], a[2], Integer.parseInt(a[3]), Integer.parseInt(a[4]), a[5]);
      case "create-repos" -> createRepos(a[1], a[2], java.util.Arrays.copyOfRange(a, 3, a.length));
      case "make-layout" ->
          makeLayout(
              Path.of(a[1]), Path.of(a[2]), a[3], Integer.parseInt(a[4]), Long.parseLong(a[5]));
      case "list" -> list(a[1], a[2], auth(a[3]), Double.parseDouble(a[4]));
      case "hammer" ->
          hammer(
              a[1], a[2], a[3], auth(a[4]), a[5], Integer.parseInt(a[6]),
              Double.parseDouble(a[7]));
      case "sha256" -> sha256(Double.parseDouble(a[1]));
      case "flood" ->
          flood(a[1], a[2], Integer.parseInt(a[3]), Long.parseLong(a[4]), Integer.parseInt(a[5]));
      case "user" -> System.out.println("auth " + user(a[1], a[2], a[3]));
      case "sessions" ->
          sessions(a[1], a[2], auth(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]));
      case "summarize" -> Summary.print(Path.of(a[1]));
      default -> throw new IllegalArgumentException("unknown command " + a[0]);
    }
  }

  static String auth(String s) {
    return "-".equals(s) ? null : s;
  }

  // ---------------------------------------------------------------- uploads

  /** A body made of segments: bytes from memory, or a region of a file (sent with sendfile). */
  record Segment(byte[] bytes, FileChannel file, long pos, long len) {
    static Segment of(byte[] b) {
      return new Segment(b, null, 0, b.length);
    }

    static Segment of(FileChannel f, long pos, long len) {
      return new Segment(null, f, pos, len);
    }
  }

  /**
   * The blob of a run: FILE with its first 16 bytes replaced by a run-unique prefix, so that every
   * run pushes content new to the registry while the file stays in the page cache untouched.
   */
  record RunBlob(FileChannel file, byte[] prefix, long size, String digest) {
    static RunBlob of(Path file, String runId) throws Exception {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      byte[] prefix = new byte[16];
      byte[] id = runId.getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(id, 0, prefix, 0, Math.min(16, id.length));
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(prefix);
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
      long pos = 16;
      while (pos < ch.size()) {
        buf.clear();
        int n = ch.read(buf, pos);
        buf.flip();
        md.update(buf);
        pos += n;
      }
      return new RunBlob(ch, prefix, ch.size(), "sha256:" + HexFormat.of().formatHex(md.digest()));
    }

    /** Body segments covering [from, from+len) of the blob. */
    List<Segment> range(long from, long len) {
      List<Segment> out = new ArrayList<>();
      long end = from + len;
      if (from < 16) {
        int n = (int) Math.min(16, end) - (int) from;
        byte[] p = new byte[n];
        System.arraycopy(prefix, (int) from, p, 0, n);
        out.add(Segment.of(p));
        from += n;
      }
      if (from < end) {
        out.add(Segment.of(file, from, end - from));
      }
      return out;
    }
  }

  static void pushMono(String base, String repo, Path file, String auth, String runId)
      throws Exception {
    RunBlob blob = RunBlob.of(file, runId);
    try (Http c = new Http(base)) {
      long t0 = System.nanoTime();
      String loc = startUpload(c, repo, auth);
      Http.Response r =
          c.send(
              "PUT",
              withQuery(loc, "digest=" + blob.digest()),
              headers(auth, "Content-Type", "application/octet-stream"),
              blob.range(0, blob.size()));
      expect(r, 201, "PUT upload");
      double s = (System.nanoTime() - t0) / 1e9;
      report(blob.size(), s, blob.digest());
    }
  }

  static void pushChunked(
      String base, String repo, Path file, String auth, String runId, long chunk)
      throws Exception {
    RunBlob blob = RunBlob.of(file, runId);
    try (Http c = new Http(base)) {
      long t0 = System.nanoTime();
      String loc = startUpload(c, repo, auth);
      for (long off = 0; off < blob.size(); off += chunk) {
        long n = Math.min(chunk, blob.size() - off);
        Http.Response r =
            c.send(
                "PATCH",
                loc,
                headers(
                    auth,
                    "Content-Type",
                    "application/octet-stream",
                    "Content-Range",
                    off + "-" + (off + n - 1)),
                blob.range(off, n));
        expect(r, 202, "PATCH chunk at " + off);
        loc = location(c, r);
      }
      Http.Response r =
          c.send("PUT", withQuery(loc, "digest=" + blob.digest()), headers(auth), List.of());
      expect(r, 201, "PUT upload");
      report(blob.size(), (System.nanoTime() - t0) / 1e9, blob.digest());
    }
  }

  static void pushMany(
      String base, String repo, int count, int size, int conc, String auth, String runId)
      throws Exception {
    SplittableRandom rnd = new SplittableRandom(runId.hashCode());
    byte[][] blobs = new byte[count][size];
    String[] digests = new String[count];
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < size; j += 8) {
        long v = rnd.nextLong();
        for (int k = 0; k < 8 && j + k < size; k++) {
          blobs[i][j + k] = (byte) (v >>> (8 * k));
        }
      }
      digests[i] = "sha256:" + HexFormat.of().formatHex(md.digest(blobs[i]));
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(conc);
    List<Http> conns = new ArrayList<>();
    for (int i = 0; i < conc; i++) {
      conns.add(new Http(base));
    }
    long t0 = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (Http c : conns) {
      fs.add(
          pool.submit(
              () -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                  String loc = startUpload(c, repo, auth);
                  Http.Response r =
                      c.send(
                          "PUT",
                          withQuery(loc, "digest=" + digests[i]),
                          headers(auth, "Content-Type", "application/octet-stream"),
                          List.of(Segment.of(blobs[i])));
                  expect(r, 201, "PUT blob " + i);
                }
                return null;
              }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    for (Http c : conns) {
      c.close();
    }
    report((long) count * size, s);
  }

  static String startUpload(Http c, String repo, String auth) throws IOException {
    Http.Response r = c.send("POST", "/v2/" + repo + "/blobs/uploads/", headers(auth), List.of());
    expect(r, 202, "POST upload");
    return location(c, r);
  }

  /** The Location header as an origin-form path with query. */
  static String location(Http c, Http.Response r) {
    String loc = r.header("location");
    if (loc == null) {
      throw new IllegalStateException("no Location in " + r.status);
    }
    if (loc.startsWith("http://") || loc.startsWith("https://")) {
      URI u = URI.create(loc);
      return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }
    return loc;
  }

  static String withQuery(String loc, String q) {
    return loc + (loc.contains("?") ? "&" : "?") + q;
  }

  static void report(long bytes, double seconds) {
    report(bytes, seconds, null);
  }

  static void report(long bytes, double seconds, String digest) {
    if (digest != null) {
      System.out.println("digest " + digest);
    }
    System.out.printf(Locale.ROOT, "seconds %.3f%n", seconds);
    System.out.printf(Locale.ROOT, "mbps %.1f%n", bytes / MB / seconds);
  }

  // ---------------------------------------------------------------- seeding

  static String seedImage(String base, String repo, String auth) throws Exception {
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] layer = new byte[4096];
    new SplittableRandom(42).nextBytes(layer);
    try (Http c = new Http(base)) {
      String cd = putBlob(c, repo, auth, config);
      String ld = putBlob(c, repo, auth, layer);
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\""
              + OCI_MANIFEST
              + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
              + "\"digest\":\""
              + cd
              + "\",\"size\":"
              + config.length
              + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
              + "\"digest\":\""
              + ld
              + "\",\"size\":"
              + layer.length
              + "}]}";
      byte[] mb = manifest.getBytes(StandardCharsets.UTF_8);
      Http.Response r =
          c.send(
              "PUT",
              "/v2/" + repo + "/manifests/latest",
              headers(auth, "Content-Type", OCI_MANIFEST),
              List.of(Segment.of(mb)));
      expect(r, 201, "PUT manifest");
      return sha(mb);
    }
  }

  static String putBlob(Http c, String repo, String auth, byte[] b) throws Exception {
    String d = sha(b);
    String loc = startUpload(c, repo, auth);
    Http.Response r =
        c.send(
            "PUT",
            withQuery(loc, "digest=" + d),
            headers(auth, "Content-Type", "application/octet-stream"),
            List.of(Segment.of(b)));
    expect(r, 201, "PUT blob");
    return d;
  }

  static void seedTags(String base, String repo, String auth, int n, int conc) throws Exception {
    byte[] manifest;
    try (Http c = new Http(base)) {
      Http.Response r =
          c.send(
              "GET",
              "/v2/" + repo + "/manifests/latest",
              headers(auth, "Accept", OCI_MANIFEST),
              List.of());
      expect(r, 200, "GET manifest");
      manifest = r.body;
    }
    parallel(
        base,
        n,
        conc,
        (c, i) -> {
          Http.Response r =
              c.send(
                  "PUT",
                  "/v2/" + repo + "/manifests/" + String.format("t%05d", i),
                  headers(auth, "Content-Type", OCI_MANIFEST),
                  List.of(Segment.of(manifest)));
          expect(r, 201, "PUT tag " + i);
        });
  }

  /**
   * N repositories PREFIX00000..: with sigv4:KEY:SECRET through ECR CreateRepository (Berth), else
   * by mounting the seed image's layer from {@code bench/seed} (Distribution creates a repository
   * on its first blob link).
   */
  static void seedRepos(String base, String prefix, int n, int conc, String how)
      throws Exception {
    if (how.startsWith("sigv4:")) {
      String[] kv = how.split(":");
      SigV4 signer = new SigV4(kv[1], kv[2], "us-east-1", "ecr");
      String host = URI.create(base).getAuthority();
      parallel(
          base,
          n,
          conc,
          (c, i) -> {
            byte[] body =
                ("{\"repositoryName\":\"" + prefix + String.format("%05d", i) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/x-amz-json-1.1");
            h.put("Host", host);
            h.put("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.CreateRepository");
            signer.sign("POST", "/", h, body);
            Http.Response r = c.send("POST", "/", h, List.of(Segment.of(body)));
            expect(r, 200, "CreateRepository " + i);
          });
      return;
    }
    String auth = auth(how);
    String layer;
    try (Http c = new Http(base)) {
      Http.Response r =
          c.send(
              "GET",
              "/v2/bench/seed/manifests/latest",
              headers(auth, "Accept", OCI_MANIFEST),
              List.of());
      expect(r, 200, "GET seed manifest");
      Matcher m =
          Pattern.compile("\"layers\":\\[\\{[^}]*\"digest\":\"([^\"]+)\"")
              .matcher(new String(r.body, StandardCharsets.UTF_8));
      if (!m.find()) {
        throw new IllegalStateException("no layer in seed manifest");
      }
      layer = m.group(1);
    }
    parallel(
        base,
        n,
        conc,
        (c, i) -> {
          Http.Response r =
              c.send(
                  "POST",
                  "/v2/"
                      + prefix
                      + String.format("%05d", i)
                      + "/blobs/uploads/?mount="
                      + layer
                      + "&from=bench/seed",
                  headers(auth),
                  List.of());
          expect(r, 201, "mount " + i);
        });
  }

  /** Named repositories through ECR CreateRepository, signed with sigv4:KEY:SECRET. */
  static void createRepos(String base, String how, String[] names) throws Exception {
    String[] kv = how.split(":");
    SigV4 signer = new SigV4(kv[1], kv[2], "us-east-1", "ecr");
    try (Http c = new Http(base)) {
      for (String name : names) {
        byte[] body = ("{\"repositoryName\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/x-amz-json-1.1");
        h.put("Host", URI.create(base).getAuthority());
        h.put("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.CreateRepository");
        signer.sign("POST", "/", h, body);
        expect(c.send("POST", "/", h, List.of(Segment.of(body))), 200, "CreateRepository " + name);
      }
    }
  }

  /**
   * An OCI image layout at DIR (tag v1): LAYERS uncompressed layers of SIZE bytes cut from SRC,
   * each starting with a prefix unique to RUNID so every run's blobs are new to the registries
   * (skopeo would otherwise skip or mount blobs it has seen).
   */
  static void makeLayout(Path dir, Path src, String runId, int layers, long size)
      throws Exception {
    Path blobs = dir.resolve("blobs/sha256");
    Files.createDirectories(blobs);
    StringBuilder layerJson = new StringBuilder();
    StringBuilder diffIds = new StringBuilder();
    try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ)) {
      for (int i = 0; i < layers; i++) {
        Path tmp = dir.resolve("layer.tmp");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (FileChannel out =
            FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
          byte[] prefix = String.format("%-16s", runId + "-" + i).substring(0, 16)
              .getBytes(StandardCharsets.US_ASCII);
          md.update(prefix);
          out.write(ByteBuffer.wrap(prefix));
          ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
          long pos = (i * size) % Math.max(1, in.size() - size) + 16;
          long left = size - 16;
          while (left > 0) {
            buf.clear().limit((int) Math.min(buf.capacity(), left));
            int n = in.read(buf, pos);
            buf.flip();
            md.update(buf.duplicate());
            while (buf.hasRemaining()) {
              out.write(buf);
            }
            pos += n;
            left -= n;
          }
        }
        String hex = HexFormat.of().formatHex(md.digest());
        Files.move(tmp, blobs.resolve(hex), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        layerJson.append(i == 0 ? "" : ",")
            .append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:")
            .append(hex).append("\",\"size\":").append(size).append('}');
        diffIds.append(i == 0 ? "" : ",").append("\"sha256:").append(hex).append('"');
      }
    }
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[" + diffIds + "]}}")
            .getBytes(StandardCharsets.UTF_8);
    String cd = writeBlob(blobs, config);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + cd + "\",\"size\":"
                + config.length + "},\"layers\":[" + layerJson + "]}")
            .getBytes(StandardCharsets.UTF_8);
    String md = writeBlob(blobs, manifest);
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(
        dir.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\""
            + md + "\",\"size\":" + manifest.length
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
    System.out.println("manifest " + md);
  }

  static String writeBlob(Path blobs, byte[] b) throws Exception {
    String d = sha(b);
    Files.write(blobs.resolve(d.substring(7)), b);
    return d;
  }

  interface Task {
    void run(Http c, int i) throws Exception;
  }

  static void parallel(String base, int n, int conc, Task task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(conc);
    List<Future<?>> fs = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < conc; t++) {
      fs.add(
          pool.submit(
              () -> {
                try (Http c = new Http(base)) {
                  for (int i; (i = next.getAndIncrement()) < n; ) {
                    task.run(c, i);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    System.out.printf(
        Locale.ROOT, "seeded %d in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
  }

  // ---------------------------------------------------------------- listings

  static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  /** Full listings (first page without n, then the Link headers) for SECONDS; time per listing. */
  static void list(String base, String path, String auth, double seconds) throws Exception {
    try (Http c = new Http(base)) {
      List<Double> times = new ArrayList<>();
      int entries = 0;
      int pages = 0;
      long end = System.nanoTime() + (long) (seconds * 1e9);
      while (times.size() < 3 || System.nanoTime() < end) {
        long t0 = System.nanoTime();
        String next = path;
        entries = 0;
        pages = 0;
        while (next != null) {
          Http.Response r = c.send("GET", next, headers(auth), List.of());
          expect(r, 200, "GET " + next);
          pages++;
          String body = new String(r.body, StandardCharsets.UTF_8);
          int open = body.indexOf('[');
          int close = body.lastIndexOf(']');
          if (open >= 0 && close > open + 1) {
            entries += body.substring(open + 1, close).split(",").length;
          }
          String link = r.header("link");
          next = null;
          if (link != null) {
            Matcher m = NEXT.matcher(link);
            if (m.find()) {
              next = m.group(1);
              if (next.startsWith("http")) {
                URI u = URI.create(next);
                next = u.getRawPath() + "?" + u.getRawQuery();
              }
            }
          }
        }
        times.add((System.nanoTime() - t0) / 1e6);
      }
      times.sort(null);
      double med = times.get(times.size() / 2);
      System.out.printf(Locale.ROOT, "ms %.2f%n", med);
      System.out.printf(Locale.ROOT, "per_s %.1f%n", 1000 / med);
      System.out.println("entries " + entries);
      System.out.println("pages " + pages);
      System.out.println("listings " + times.size());
    }
  }

  // ---------------------------------------------------------------- request rate

  /**
   * Closed-loop load like wrk's: CONNS keep-alive connections, each sending METHOD PATH as fast as
   * answers come, for SECONDS after a one-second warm-up; requests/s and latency percentiles. Used
   * for HEAD, which wrk 4.1 cannot measure (it waits for a body after a HEAD answer that carries
   * Content-Length).
   */
  static void hammer(
      String base, String path, String method, String auth, String accept, int conns,
      double seconds)
      throws Exception {
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    long end = warmEnd + (long) (seconds * 1e9);
    List<long[]> lat = new ArrayList<>();
    int[] counts = new int[conns];
    AtomicInteger errors = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < conns; t++) {
      long[] mine = new long[4_000_000 / conns];
      lat.add(mine);
      int id = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    Map<String, String> h = headers(auth, "Accept", accept);
                    try (Http c = new Http(base)) {
                      int n = 0;
                      while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                          break;
                        }
                        Http.Response r = c.send(method, path, h, List.of());
                        long t1 = System.nanoTime();
                        if (r.status != 200) {
                          errors.incrementAndGet();
                        }
                        if (t0 >= warmEnd && n < mine.length) {
                          mine[n++] = t1 - t0;
                        }
                      }
                      counts[id] = n;
                    } catch (IOException e) {
                      errors.incrementAndGet();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[total];
    int k = 0;
    for (int t = 0; t < conns; t++) {
      System.arraycopy(lat.get(t), 0, all, k, counts[t]);
      k += counts[t];
    }
    java.util.Arrays.sort(all);
    System.out.printf(Locale.ROOT, "rps %.1f%n", total / seconds);
    System.out.printf(Locale.ROOT, "p50_ms %.3f%n", all[(int) (total * 0.50)] / 1e6);
    System.out.printf(Locale.ROOT, "p99_ms %.3f%n", all[(int) (total * 0.99)] / 1e6);
    System.out.println("errors " + errors.get());
  }

  // ---------------------------------------------------------------- hostile clients (issue 9)

  /**
   * Issue 9, item 6: ATTACKERS anonymous connections each send ATTACK_MB MB bodies to {@code POST
   * /} (UploadLayerPart; half declare the length, half declare 20 MB and send more), reconnecting
   * for as long as a signed client pushes PARTS parts of 4 MiB through UploadLayerPart into one
   * upload and completes it. Prints the signed client's successes, failures and latencies, and
   * what the attackers got through.
   */
  static void flood(String base, String how, int attackers, long attackMb, int parts)
      throws Exception {
    String[] kv = how.split(":");
    SigV4 signer = new SigV4(kv[1], kv[2], "us-east-1", "ecr");
    URI u = URI.create(base);
    java.util.concurrent.atomic.AtomicBoolean on = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong conns = new java.util.concurrent.atomic.AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < attackers; i++) {
      long declared = i % 2 == 0 ? attackMb * 1_000_000 : 20_000_000;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) 'A');
                    while (on.get()) {
                      try (java.net.Socket sock = new java.net.Socket(u.getHost(), u.getPort())) {
                        var out = sock.getOutputStream();
                        out.write(
                            ("POST / HTTP/1.1\r\nHost: " + u.getAuthority()
                                    + "\r\nX-Amz-Target: AmazonEC2ContainerRegistry_V20150921"
                                    + ".UploadLayerPart\r\nContent-Type: application/x-amz-json-1.1"
                                    + "\r\nContent-Length: " + declared
                                    + "\r\n\r\n{\"layerPartBlob\":\"")
                                .getBytes(StandardCharsets.US_ASCII));
                        for (long n = 0; n < attackMb * 1_000_000 && on.get(); n += chunk.length) {
                          out.write(chunk);
                          sent.addAndGet(chunk.length);
                        }
                      } catch (IOException e) {
                        // the server refused and closed: connect again
                      }
                      conns.incrementAndGet();
                    }
                  }));
    }
    Thread.sleep(attackers > 0 ? 1000 : 0);
    SplittableRandom random = new SplittableRandom(5);
    MessageDigest layer = MessageDigest.getInstance("SHA-256");
    List<Double> ms = new ArrayList<>();
    int ok = 0;
    int failed = 0;
    try (Http c = new Http(base)) {
      ecr(c, signer, "CreateRepository", "{\"repositoryName\":\"bench/flood\"}");
      Http.Response init =
          ecr(c, signer, "InitiateLayerUpload", "{\"repositoryName\":\"bench/flood\"}");
      Matcher m = Pattern.compile("\"uploadId\":\"([^\"]+)\"").matcher(new String(init.body));
      if (!m.find()) {
        throw new IllegalStateException("InitiateLayerUpload: " + new String(init.body));
      }
      String id = m.group(1);
      long offset = 0;
      for (int i = 0; i < parts; i++) {
        byte[] part = new byte[4 * 1024 * 1024];
        random.nextBytes(part);
        String json =
            "{\"repositoryName\":\"bench/flood\",\"uploadId\":\"" + id
                + "\",\"partFirstByte\":" + offset + ",\"partLastByte\":"
                + (offset + part.length - 1) + ",\"layerPartBlob\":\""
                + java.util.Base64.getEncoder().encodeToString(part) + "\"}";
        long t0 = System.nanoTime();
        Http.Response r = ecr(c, signer, "UploadLayerPart", json);
        ms.add((System.nanoTime() - t0) / 1e6);
        if (r.status == 200) {
          ok++;
          offset += part.length;
          layer.update(part);
        } else {
          failed++;
          System.err.println("UploadLayerPart " + r.status + " " + new String(r.body));
        }
      }
      String digest = "sha256:" + HexFormat.of().formatHex(layer.digest());
      Http.Response done =
          ecr(
              c,
              signer,
              "CompleteLayerUpload",
              "{\"repositoryName\":\"bench/flood\",\"uploadId\":\"" + id
                  + "\",\"layerDigests\":[\"" + digest + "\"]}");
      System.out.println("complete " + done.status);
    } catch (IOException e) {
      failed++;
      System.err.println("signed client: " + e);
    }
    on.set(false);
    for (Thread t : threads) {
      t.join();
    }
    java.util.Collections.sort(ms);
    System.out.println("parts_ok " + ok);
    System.out.println("parts_failed " + (parts - ok));
    System.out.printf(Locale.ROOT, "part_p50_ms %.1f%n", ms.isEmpty() ? 0 : ms.get(ms.size() / 2));
    System.out.printf(Locale.ROOT, "part_max_ms %.1f%n", ms.isEmpty() ? 0 : ms.get(ms.size() - 1));
    System.out.println("attack_conns " + conns.get());
    System.out.println("attack_mb " + sent.get() / 1_000_000);
  }

  static Http.Response ecr(Http c, SigV4 signer, String op, String json) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/x-amz-json-1.1");
    h.put("Host", c.hostHeader);
    h.put("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921." + op);
    signer.sign("POST", "/", h, body);
    return c.send("POST", "/", h, List.of(Segment.of(body)));
  }

  /**
   * An IAM user NAME allowed {@code ecr:*} (IAM query API, signed as root); prints the user's {@code
   * Authorization: Basic} value from GetAuthorizationToken, so a second principal can load the
   * registry.
   */
  static String user(String base, String how, String name) throws Exception {
    String[] kv = how.split(":");
    SigV4 iam = new SigV4(kv[1], kv[2], "us-east-1", "iam");
    String policy =
        java.net.URLEncoder.encode(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"ecr:*\",\"Resource\":\"*\"}]}",
            StandardCharsets.UTF_8);
    String key;
    String secret;
    try (Http c = new Http(base)) {
      query(c, iam, "Action=CreateUser&UserName=" + name);
      query(
          c,
          iam,
          "Action=PutUserPolicy&UserName=" + name + "&PolicyName=ecr&PolicyDocument=" + policy);
      String xml = new String(query(c, iam, "Action=CreateAccessKey&UserName=" + name).body);
      key = xmlValue(xml, "AccessKeyId");
      secret = xmlValue(xml, "SecretAccessKey");
      Http.Response r =
          ecr(c, new SigV4(key, secret, "us-east-1", "ecr"), "GetAuthorizationToken", "{}");
      expect(r, 200, "GetAuthorizationToken");
      Matcher m =
          Pattern.compile("\"authorizationToken\":\"([^\"]+)\"").matcher(new String(r.body));
      if (!m.find()) {
        throw new IllegalStateException("no token: " + new String(r.body));
      }
      return "Basic " + m.group(1);
    }
  }

  static Http.Response query(Http c, SigV4 signer, String form) throws Exception {
    byte[] body = (form + "&Version=2010-05-08").getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    h.put("Host", c.hostHeader);
    signer.sign("POST", "/", h, body);
    Http.Response r = c.send("POST", "/", h, List.of(Segment.of(body)));
    expect(r, 200, form.substring(0, form.indexOf('&')));
    return r;
  }

  static String xmlValue(String xml, String tag) {
    Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(xml);
    if (!m.find()) {
      throw new IllegalStateException("no " + tag + " in " + xml);
    }
    return m.group(1);
  }

  /**
   * Issue 9, item 9: opens N upload sessions in REPO with CONC connections and abandons them;
   * prints how many were opened (202) and refused (429, the open-session limit), and the rate.
   */
  static void sessions(String base, String repo, String auth, int n, int conc) throws Exception {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    long t0 = System.nanoTime();
    parallel(
        base,
        n,
        conc,
        (c, i) -> {
          Http.Response r = c.send("POST", "/v2/" + repo + "/blobs/uploads/", headers(auth), List.of());
          if (r.status == 202) {
            opened.incrementAndGet();
          } else if (r.status == 429) {
            refused.incrementAndGet();
          } else {
            throw new IllegalStateException("POST uploads: " + r.status);
          }
        });
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.println("opened " + opened.get());
    System.out.println("refused " + refused.get());
    System.out.printf(Locale.ROOT, "rps %.1f%n", n / s);
  }

  // ---------------------------------------------------------------- limits

  static void sha256(double seconds) throws Exception {
    byte[] buf = new byte[1 << 20];
    new SplittableRandom(1).nextBytes(buf);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    long warm = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warm) {
      md.update(buf);
    }
    md.digest();
    long bytes = 0;
    long t0 = System.nanoTime();
    long end = t0 + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      md.update(buf);
      bytes += buf.length;
    }
    md.digest();
    System.out.printf(Locale.ROOT, "mbps %.1f%n", bytes / MB / ((System.nanoTime() - t0) / 1e9));
  }

  // ---------------------------------------------------------------- plumbing

  static Map<String, String> headers(String auth, String... kv) {
    Map<String, String> h = new LinkedHashMap<>();
    if (auth != null) {
      h.put("Authorization", auth);
    }
    for (int i = 0; i < kv.length; i += 2) {
      h.put(kv[i], kv[i + 1]);
    }
    return h;
  }

  static void expect(Http.Response r, int status, String what) {
    if (r.status != status) {
      throw new IllegalStateException(
          what
              + ": expected "
              + status
              + " but got "
              + r.status
              + " "
              + new String(r.body, StandardCharsets.UTF_8));
    }
  }

  static String sha(byte[] b) throws Exception {
    return "sha256:"
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** One keep-alive HTTP/1.1 connection; reconnects when the server closes. */
  static final class Http implements AutoCloseable {
    final InetSocketAddress addr;
    final String hostHeader;
    SocketChannel ch;
    final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);

    Http(String base) {
      URI u = URI.create(base);
      addr = new InetSocketAddress(u.getHost(), u.getPort());
      hostHeader = u.getAuthority();
    }

    static final class Response {
      int status;
      final Map<String, String> headers = new TreeMap<>();
      byte[] body = new byte[0];

      String header(String name) {
        return headers.get(name);
      }
    }

    Response send(String method, String target, Map<String, String> h, List<Segment> body)
        throws IOException {
      if (ch == null) {
        ch = SocketChannel.open(addr);
        ch.socket().setTcpNoDelay(true);
        in.clear().flip();
      }
      long len = 0;
      for (Segment s : body) {
        len += s.len();
      }
      StringBuilder sb = new StringBuilder();
      sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      boolean hasHost = false;
      for (var e : h.entrySet()) {
        hasHost |= e.getKey().equalsIgnoreCase("host");
        sb.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
      }
      if (!hasHost) {
        sb.append("Host: ").append(hostHeader).append("\r\n");
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        sb.append("Content-Length: ").append(len).append("\r\n");
      }
      sb.append("\r\n");
      writeFully(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1)));
      for (Segment s : body) {
        if (s.bytes() != null) {
          writeFully(ByteBuffer.wrap(s.bytes()));
        } else {
          long pos = s.pos();
          long end = s.pos() + s.len();
          while (pos < end) {
            pos += s.file().transferTo(pos, end - pos, ch);
          }
        }
      }
      Response r = readResponse(method.equals("HEAD"));
      if ("close".equalsIgnoreCase(r.header("connection"))) {
        close();
      }
      return r;
    }

    void writeFully(ByteBuffer b) throws IOException {
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }

    int readByte() throws IOException {
      if (!in.hasRemaining()) {
        fill();
      }
      return in.get() & 0xff;
    }

    void fill() throws IOException {
      in.clear();
      int n = ch.read(in);
      in.flip();
      if (n < 0) {
        throw new IOException("connection closed by server");
      }
    }

    String readLine() throws IOException {
      StringBuilder sb = new StringBuilder();
      int b;
      while ((b = readByte()) != '\n') {
        if (b != '\r') {
          sb.append((char) b);
        }
      }
      return sb.toString();
    }

    Response readResponse(boolean head) throws IOException {
      Response r = new Response();
      String status = readLine();
      r.status = Integer.parseInt(status.split(" ")[1]);
      for (String line; !(line = readLine()).isEmpty(); ) {
        int colon = line.indexOf(':');
        r.headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      if (head || r.status == 204 || r.status == 304 || r.status / 100 == 1) {
        return r;
      }
      if ("chunked".equalsIgnoreCase(r.header("transfer-encoding"))) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
          int n = Integer.parseInt(readLine().split(";")[0].trim(), 16);
          if (n == 0) {
            while (!readLine().isEmpty()) {}
            break;
          }
          out.write(readBytes(n));
          readLine();
        }
        r.body = out.toByteArray();
      } else if (r.header("content-length") != null) {
        long n = Long.parseLong(r.header("content-length"));
        if (n <= 16 << 20) {
          r.body = readBytes((int) n);
        } else {
          discard(n);
        }
      }
      return r;
    }

    byte[] readBytes(int n) throws IOException {
      byte[] out = new byte[n];
      int off = 0;
      while (off < n) {
        if (!in.hasRemaining()) {
          fill();
        }
        int k = Math.min(in.remaining(), n - off);
        in.get(out, off, k);
        off += k;
      }
      return out;
    }

    void discard(long n) throws IOException {
      while (n > 0) {
        if (!in.hasRemaining()) {
          fill();
        }
        int k = (int) Math.min(in.remaining(), n);
        in.position(in.position() + k);
        n -= k;
      }
    }

    @Override
    public void close() {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        ch = null;
      }
    }
  }

  /** AWS Signature Version 4 over headers, as the AWS SDK signs an ECR JSON request. */
  record SigV4(String keyId, String secret, String region, String service) {
    void sign(String method, String path, Map<String, String> h, byte[] body) throws Exception {
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      String amzDate = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
      String date = amzDate.substring(0, 8);
      h.put("X-Amz-Date", amzDate);
      TreeMap<String, String> canon = new TreeMap<>();
      h.forEach((k, v) -> canon.put(k.toLowerCase(Locale.ROOT), v.trim()));
      StringBuilder ch = new StringBuilder();
      canon.forEach((k, v) -> ch.append(k).append(':').append(v).append('\n'));
      String signed = String.join(";", canon.keySet());
      String payload = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
      String request = method + "\n" + path + "\n\n" + ch + "\n" + signed + "\n" + payload;
      String scope = date + "/" + region + "/" + service + "/aws4_request";
      String toSign =
          "AWS4-HMAC-SHA256\n"
              + amzDate
              + "\n"
              + scope
              + "\n"
              + HexFormat.of()
                  .formatHex(
                      MessageDigest.getInstance("SHA-256")
                          .digest(request.getBytes(StandardCharsets.UTF_8)));
      byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
      k = hmac(k, region);
      k = hmac(k, service);
      k = hmac(k, "aws4_request");
      String sig = HexFormat.of().formatHex(hmac(k, toSign));
      h.put(
          "Authorization",
          "AWS4-HMAC-SHA256 Credential="
              + keyId
              + "/"
              + scope
              + ", SignedHeaders="
              + signed
              + ", Signature="
              + sig);
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Reads "figure TAB unit TAB better TAB server TAB run TAB value" lines and prints, per figure,
   * min/median/max for each server and the ratio of medians Berth/Distribution.
   */
  static final class Summary {
    static void print(Path tsv) throws IOException {
      Map<String, String[]> meta = new LinkedHashMap<>();
      Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
      for (String line : Files.readAllLines(tsv)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        meta.putIfAbsent(f[0], new String[] {f[1], f[2]});
        values
            .computeIfAbsent(f[0], k -> new LinkedHashMap<>())
            .computeIfAbsent(f[3], k -> new ArrayList<>())
            .add(Double.parseDouble(f[5]));
      }
      String fmt = "| %-56s | %-5s | %-22s | %-22s | %-5s |%n";
      System.out.printf(
          fmt, "figure", "unit", "Berth min / med / max", "Distribution min/med/max", "B/D");
      System.out.printf(
          fmt, "-".repeat(56), "-".repeat(5), "-".repeat(22), "-".repeat(22), "-".repeat(5));
      for (var e : values.entrySet()) {
        List<Double> b = e.getValue().get("berth");
        List<Double> d = e.getValue().get("distribution");
        if (b == null && d == null) {
          continue;
        }
        String ratio =
            b != null && d != null && median(d) != 0
                ? String.format(
                    Locale.ROOT, median(b) / median(d) < 0.1 ? "%.4f" : "%.2f", median(b) / median(d))
                : "";
        System.out.printf(fmt, e.getKey(), meta.get(e.getKey())[0], cell(b), cell(d), ratio);
      }
      // The machine's limits and the nginx ceiling, measured in the same run.
      String fmt2 = "| %-56s | %-5s | %-8s | %-22s |%n";
      System.out.println();
      System.out.printf(fmt2, "limit", "unit", "tool", "min / med / max");
      System.out.printf(fmt2, "-".repeat(56), "-".repeat(5), "-".repeat(8), "-".repeat(22));
      for (var e : values.entrySet()) {
        for (var s : e.getValue().entrySet()) {
          if (!s.getKey().equals("berth") && !s.getKey().equals("distribution")) {
            System.out.printf(
                fmt2, e.getKey(), meta.get(e.getKey())[0], s.getKey(), cell(s.getValue()));
          }
        }
      }
    }

    static double median(List<Double> v) {
      List<Double> s = new ArrayList<>(v);
      s.sort(null);
      int n = s.size();
      return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String cell(List<Double> v) {
      if (v == null || v.isEmpty()) {
        return "";
      }
      List<Double> s = new ArrayList<>(v);
      s.sort(null);
      if (s.size() == 1) {
        return num(s.get(0));
      }
      return num(s.get(0)) + " / " + num(median(s)) + " / " + num(s.get(s.size() - 1));
    }

    static String num(double x) {
      double a = Math.abs(x);
      return a >= 100 ? String.format(Locale.ROOT, "%.0f", x)
          : a >= 10 ? String.format(Locale.ROOT, "%.1f", x)
          : String.format(Locale.ROOT, "%.2f", x);
    }
  }
}
