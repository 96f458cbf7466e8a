package dev.berth.api.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A small HTTP client for the conformance tests: {@link HttpClient} for ordinary requests and a raw
 * {@link Socket} for what it cannot express (paths with {@code ..}, a chosen {@code Host}, a client
 * that hangs up mid-body).
 */
final class OciHttp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final URI base;
  private final HttpClient client;
  private final Optional<String> authorization;

  /** Requests carry {@code authorization} unless a test sets its own Authorization header. */
  OciHttp(URI base, Optional<String> authorization) {
    this.base = base;
    this.authorization = authorization;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A response, from either client; header names are case-insensitive. */
  record Reply(int status, Map<String, List<String>> headers, byte[] body) {
    Optional<String> header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("response body is not JSON: " + text(), e);
      }
    }

    /** The path of the {@code Location} header (absolute or relative). */
    String location() {
      String loc =
          header("Location").orElseThrow(() -> new AssertionError("no Location header: " + this));
      return loc.startsWith("/") ? loc : URI.create(loc).getRawPath();
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + text();
    }
  }

  Reply get(String path, String... headers) {
    return send("GET", path, BodyPublishers.noBody(), headers);
  }

  Reply head(String path, String... headers) {
    return send("HEAD", path, BodyPublishers.noBody(), headers);
  }

  Reply delete(String path) {
    return send("DELETE", path, BodyPublishers.noBody());
  }

  Reply post(String path, byte[] body, String... headers) {
    return send("POST", path, BodyPublishers.ofByteArray(body), headers);
  }

  Reply put(String path, byte[] body, String... headers) {
    return send("PUT", path, BodyPublishers.ofByteArray(body), headers);
  }

  Reply patch(String path, byte[] body, String... headers) {
    return send("PATCH", path, BodyPublishers.ofByteArray(body), headers);
  }

  /** Sends the body with chunked transfer encoding (no Content-Length). */
  Reply sendStreamed(String method, String path, byte[] body, String... headers) {
    return send(
        method, path, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), headers);
  }

  /** A PATCH whose body is sent with chunked transfer encoding (no Content-Range). */
  Reply patchStreamed(String path, byte[] body) {
    return sendStreamed("PATCH", path, body, "Content-Type", "application/octet-stream");
  }

  /** Sends a request; {@code headers} are name/value pairs. */
  Reply send(String method, String path, BodyPublisher body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).method(method, body);
    boolean ownAuth = false;
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      ownAuth |= "Authorization".equalsIgnoreCase(headers[i]);
    }
    if (!ownAuth) {
      authorization.ifPresent(a -> b.header("Authorization", a));
    }
    try {
      var response = client.send(b.build(), BodyHandlers.ofByteArray());
      Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      h.putAll(response.headers().map());
      return new Reply(response.statusCode(), h, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends the request line and headers exactly as given over a fresh socket ({@code Connection:
   * close} and the body's {@code Content-Length} are added) and reads the whole response.
   */
  Reply raw(String method, String target, Map<String, String> headers, byte[] body) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Host", base.getHost() + ":" + base.getPort());
    authorization.ifPresent(a -> all.put("Authorization", a));
    all.putAll(headers);
    all.put("Connection", "close");
    if (body.length > 0 || !("GET".equals(method) || "HEAD".equals(method))) {
      all.put("Content-Length", Integer.toString(body.length));
    }
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head(method, target, all));
      out.write(body);
      out.flush();
      return parse(socket.getInputStream().readAllBytes(), "HEAD".equals(method));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + target + " failed", e);
    }
  }

  Reply raw(String method, String target) {
    return raw(method, target, Map.of(), new byte[0]);
  }

  /**
   * Declares a body of {@code declaredLength} bytes, sends only {@code partial}, then closes the
   * connection without reading a response: a client that dies mid-upload.
   */
  void sendPartialAndHangUp(String method, String path, long declaredLength, byte[] partial) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Host", base.getHost() + ":" + base.getPort());
    all.put("Content-Type", "application/octet-stream");
    all.put("Content-Length", Long.toString(declaredLength));
    authorization.ifPresent(a -> all.put("Authorization", a));
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(head(method, path, all));
      out.write(partial);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    }
  }

  private static byte[] head(String method, String target, Map<String, String> headers) {
    StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static Reply parse(byte[] raw, boolean head) throws IOException {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      throw new IOException("incomplete response: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n", -1);
    int status = Integer.parseInt(lines[0].split(" ", -1)[1]);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] rest = Arrays.copyOfRange(raw, end + 4, raw.length);
    List<String> te = headers.getOrDefault("Transfer-Encoding", List.of());
    byte[] body = head ? new byte[0] : te.contains("chunked") ? dechunk(rest) : rest;
    return new Reply(status, headers, body);
  }

  private static byte[] dechunk(byte[] in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream s = new ByteArrayInputStream(in);
    while (true) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = s.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      int size = Integer.parseInt(line.toString().split(";", -1)[0].trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(s.readNBytes(size));
      s.readNBytes(2);
    }
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    client.close();
  }
}
