package dev.berth.http;

import dev.berth.blob.BlobContent;
import dev.berth.blob.PositionalReader;
import dev.berth.observe.RequestRecord;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange as the APIs see it: blocking reads and writes on a virtual thread, no Jetty
 * types in API signatures beyond this class.
 */
public final class Exchange {
  /**
   * Blob bytes are read from the file into a pooled direct buffer of this size and written from it.
   * Not memory-mapped: a mapping stays in the process (and in its RSS) until the garbage collector
   * frees the buffer, so concurrent pulls of large blobs grew the RSS by every byte served (53 GiB
   * VmHWM after 53 pulls of 1 GiB; bench/README.md).
   */
  private static final int FILE_BUFFER = 64 * 1024;

  /** Every response carries the request's id (AWS clients show it in their errors). */
  public static final String REQUEST_ID = "x-amzn-RequestId";

  private final Request request;
  private final Response response;
  private final RequestRecord notes;
  private @Nullable Fields query;
  private @Nullable Throwable failure;
  private boolean sent;

  Exchange(Request request, Response response, RequestRecord notes) {
    this.request = request;
    this.response = response;
    this.notes = notes;
    response.getHeaders().put(REQUEST_ID, notes.id());
  }

  /** The request's id, one per request, sent as {@value #REQUEST_ID}. */
  public String requestId() {
    return notes.id();
  }

  /**
   * What the access log and metrics will say of this request; the API answering annotates it
   * (operation, repository, principal).
   */
  public RequestRecord notes() {
    return notes;
  }

  /**
   * Notes for the access log that the request failed with the wire error {@code code}; which check
   * refused it, if any, is told from {@code failure} once the status is known.
   */
  public void failed(String code, Throwable failure) {
    notes.error(code);
    this.failure = failure;
  }

  /** Notes the failure without a wire code (the API's error writer may add one). */
  void failed(Throwable failure) {
    this.failure = failure;
  }

  Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** The status set so far. */
  int statusCode() {
    return response.getStatus();
  }

  public String method() {
    return request.getMethod();
  }

  /** The raw (still percent-encoded) path. */
  public String path() {
    return request.getHttpURI().getPath();
  }

  /** The client's IP address (for aws:SourceIp). */
  public String remoteAddress() {
    return Request.getRemoteAddr(request);
  }

  /** The raw query string without {@code ?}; empty when none. */
  public String rawQuery() {
    String q = request.getHttpURI().getQuery();
    return q == null ? "" : q;
  }

  /** Every request header by lower-case name, values in the order received. */
  public java.util.Map<String, List<String>> headerMap() {
    java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (var field : request.getHeaders()) {
      out.computeIfAbsent(field.getLowerCaseName(), k -> new java.util.ArrayList<>())
          .add(field.getValue());
    }
    return out;
  }

  /** Whether the request came over TLS. */
  public boolean secure() {
    return request.isSecure();
  }

  /** The host name the client addressed, without port. */
  public String host() {
    return Request.getServerName(request);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  /** Every value of a header, split on commas. */
  public List<String> headerValues(String name) {
    return request.getHeaders().getFields(name).stream()
        .flatMap(f -> f.getValueList().stream())
        .toList();
  }

  /** The first value of a query parameter. */
  public Optional<String> query(String name) {
    Fields fields = query;
    if (fields == null) {
      fields = Request.extractQueryParameters(request);
      query = fields;
    }
    return Optional.ofNullable(fields.getValue(name));
  }

  public boolean hasQuery(String name) {
    return query(name).isPresent();
  }

  /** The declared request body length, or -1 when unknown (chunked). */
  public long contentLength() {
    return request.getLength();
  }

  public InputStream body() {
    return Content.Source.asInputStream(request);
  }

  /** Reads the body up to {@code limit} bytes; returns {@code limit + 1} bytes when larger. */
  public byte[] readBody(int limit) {
    try (InputStream in = body()) {
      return in.readNBytes(limit + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads and drops what is left of the request body, up to {@code max} bytes, so an error answered
   * before the body was read reaches the client instead of being lost to a connection reset.
   * Failures are ignored: the client may already be gone.
   */
  public void discardBody(long max) {
    try (InputStream in = body()) {
      byte[] buf = new byte[64 * 1024];
      long left = max;
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException | RuntimeException ignored) {
      // the error response is written regardless
    }
  }

  public Exchange status(int status) {
    response.setStatus(status);
    return this;
  }

  public Exchange header(String name, String value) {
    response.getHeaders().put(name, value);
    return this;
  }

  public Exchange addHeader(String name, String value) {
    response.getHeaders().add(name, value);
    return this;
  }

  /** Sends no body (Content-Length 0 unless a length header was set for HEAD). */
  public void send() {
    if (!response.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    }
    write(ByteBuffer.allocate(0));
  }

  /** Sends bytes with their length; for HEAD only the headers go out. */
  public void send(String contentType, byte[] body) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
    write("HEAD".equals(method()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body));
  }

  /** Streams blob content; from a file channel through a pooled direct buffer, else copied. */
  public void send(String contentType, BlobContent content) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.length());
    sent = true;
    try {
      Optional<PositionalReader> positional = content.positional();
      if (positional.isPresent() && content.length() > 0) {
        sendFile(positional.get(), content.offset(), content.length());
      } else {
        try (OutputStream out = Content.Sink.asOutputStream(response);
            InputStream in = content.stream()) {
          in.transferTo(out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void sendFile(PositionalReader ch, long offset, long length) throws IOException {
    RetainableByteBuffer pooled =
        request
            .getComponents()
            .getByteBufferPool()
            .acquire((int) Math.min(FILE_BUFFER, length), true);
    try {
      ByteBuffer buf = pooled.getByteBuffer();
      long pos = offset;
      long end = offset + length;
      while (pos < end) {
        buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new EOFException("blob file ended at " + pos + " of " + end);
        }
        pos += n;
        buf.flip();
        // Blocking: the buffer is free again when the write returns.
        blockingWrite(pos >= end, buf);
      }
    } finally {
      pooled.release();
    }
  }

  private void write(ByteBuffer buffer) {
    sent = true;
    try {
      blockingWrite(true, buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void blockingWrite(boolean last, ByteBuffer buffer) throws IOException {
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(last, buffer, cb);
      cb.block();
    }
  }

  /** Whether a response has been (or started to be) written. */
  boolean isSent() {
    return sent || response.isCommitted();
  }

  /** Clears headers set so far, for an error response replacing a half-built one. */
  void resetHeaders() {
    response.getHeaders().clear();
    response.getHeaders().put(REQUEST_ID, notes.id());
  }

  /** Whether a failure is the client going away (a broken or closed connection). */
  public static boolean isClientAbort(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jetty.io.EofException) {
        return true;
      }
    }
    return false;
  }

  /** For logging. */
  @Override
  public String toString() {
    return method() + " " + path();
  }
}
