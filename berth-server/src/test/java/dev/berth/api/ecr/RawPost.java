package dev.berth.api.ecr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * A hand-written {@code POST /} over a raw socket, for clients that lie about their body: a
 * declared length with less (or much more) sent, from a chosen loopback source address.
 */
final class RawPost implements AutoCloseable {
  static final String UPLOAD_LAYER_PART = "AmazonEC2ContainerRegistry_V20150921.UploadLayerPart";

  private final Socket socket;
  private final OutputStream out;

  private RawPost(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  /**
   * Connects from {@code source} (a 127.0.0.0/8 address) and sends the headers.
   *
   * @param signedLooking adds a well-formed SigV4 header of a known key (with a wrong signature)
   */
  static RawPost open(String source, int port, long contentLength, boolean signedLooking) {
    try {
      Socket s = new Socket();
      s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(30_000);
      RawPost post = new RawPost(s);
      StringBuilder h = new StringBuilder();
      h.append("POST / HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n");
      h.append("X-Amz-Target: ").append(UPLOAD_LAYER_PART).append("\r\n");
      h.append("Content-Type: application/x-amz-json-1.1\r\nConnection: close\r\n");
      h.append("Content-Length: ").append(contentLength).append("\r\n");
      if (signedLooking) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String date = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        h.append("X-Amz-Date: ").append(date).append("\r\n");
        h.append("Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/")
            .append(date, 0, 8)
            .append("/us-east-1/ecr/aws4_request, SignedHeaders=host;x-amz-date, Signature=")
            .append("0".repeat(64))
            .append("\r\n");
      }
      h.append("\r\n");
      post.out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
      post.out.write("{\"layerPartBlob\":\"".getBytes(StandardCharsets.US_ASCII));
      post.out.flush();
      return post;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code n} more body bytes (base64 text); false once the server stopped reading. */
  boolean send(long n) {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'A');
    try {
      for (long left = n; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The response's status line and body, as text (read until the server closes or 64 KiB). */
  String response() {
    try {
      InputStream in = socket.getInputStream();
      byte[] buf = in.readNBytes(64 * 1024);
      return new String(buf, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // gone already
    }
  }
}
