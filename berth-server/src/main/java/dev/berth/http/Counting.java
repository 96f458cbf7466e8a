package dev.berth.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts the body bytes of one exchange as they pass, whoever reads or writes them (issue 11: bytes
 * received and sent, per request). Used on the request's own thread.
 */
final class Counting {
  private Counting() {}

  /** The request, counting the content bytes read. */
  static final class In extends Request.Wrapper {
    private long bytes;

    In(Request wrapped) {
      super(wrapped);
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk != null) {
        bytes += chunk.remaining();
      }
      return chunk;
    }

    long bytes() {
      return bytes;
    }
  }

  /** The response, counting the content bytes written. */
  static final class Out extends Response.Wrapper {
    private long bytes;

    Out(Request request, Response wrapped) {
      super(request, wrapped);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      if (content != null) {
        bytes += content.remaining();
      }
      super.write(last, content, callback);
    }

    long bytes() {
      return bytes;
    }
  }
}
