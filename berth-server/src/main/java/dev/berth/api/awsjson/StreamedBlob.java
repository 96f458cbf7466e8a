package dev.berth.api.awsjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A blob member of an operation's input (UploadLayerPart's {@code layerPartBlob}), decoded from
 * base64 while the body streamed in and held once, in 64 KiB chunks (issue 9, item 6): neither the
 * body nor its base64 text is ever held whole. In the input tree it sits in a {@link POJONode}.
 */
public final class StreamedBlob {
  private static final int CHUNK = 64 * 1024;

  private final List<byte[]> chunks;
  private final long length;

  private StreamedBlob(List<byte[]> chunks, long length) {
    this.chunks = chunks;
    this.length = length;
  }

  /** The decoded length in bytes. */
  public long length() {
    return length;
  }

  /** The decoded bytes, from the start. */
  public InputStream open() {
    List<InputStream> parts = new ArrayList<>(chunks.size());
    long left = length;
    for (byte[] c : chunks) {
      int n = (int) Math.min(c.length, left);
      parts.add(new ByteArrayInputStream(c, 0, n));
      left -= n;
    }
    return new SequenceInputStream(Collections.enumeration(parts));
  }

  /**
   * The blob an input member holds: decoded while streaming (the HTTP route) or base64 text
   * (in-process callers); empty when the member is absent or neither.
   */
  public static Optional<StreamedBlob> of(JsonNode member) {
    if (member instanceof POJONode pojo && pojo.getPojo() instanceof StreamedBlob blob) {
      return Optional.of(blob);
    }
    if (member != null && member.isTextual()) {
      byte[] bytes = Base64.getMimeDecoder().decode(member.textValue());
      return Optional.of(new StreamedBlob(List.of(bytes), bytes.length));
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "<" + length + " bytes>";
  }

  /** Collects decoded bytes chunk by chunk. */
  static final class Sink extends OutputStream {
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current = new byte[0];
    private int fill;
    private long length;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        if (fill == current.length) {
          current = new byte[CHUNK];
          chunks.add(current);
          fill = 0;
        }
        int n = Math.min(len, current.length - fill);
        System.arraycopy(b, off, current, fill, n);
        fill += n;
        off += n;
        len -= n;
        length += n;
      }
    }

    StreamedBlob blob() {
      return new StreamedBlob(List.copyOf(chunks), length);
    }
  }
}
