package dev.berth.api.awsjson;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.berth.common.DigestingInputStream;
import dev.berth.common.Hashing;
import dev.berth.common.Json;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads an AWS JSON request body as it streams (issue 9, item 6): every byte goes through SHA-256
 * for the signature check, at most {@code cap} bytes are accepted, and top-level blob members are
 * base64-decoded straight into a {@link StreamedBlob}. A body that is not valid JSON is still read
 * to its end and hashed, so the signature is checked before the parse error is answered.
 */
final class StreamedBody {
  private static final Base64Variant BASE64 =
      Base64Variants.MIME_NO_LINEFEEDS.withReadPadding(
          Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

  private final String sha256;
  private final Supplier<JsonNode> json;

  private StreamedBody(String sha256, Supplier<JsonNode> json) {
    this.sha256 = sha256;
    this.json = json;
  }

  /** Lower-case hex SHA-256 of the body as received. */
  String sha256() {
    return sha256;
  }

  /** The input document; throws the parse error, if any. */
  Supplier<JsonNode> json() {
    return json;
  }

  /** Reads the whole body; throws a 413 fault past {@code cap} bytes. */
  static StreamedBody read(InputStream raw, long cap, Set<String> blobMembers) {
    MessageDigest sha = Hashing.sha256();
    InputStream in = new DigestingInputStream(new Capped(raw, cap), sha);
    JsonNode node = null;
    AwsFault fault = null;
    try {
      try (JsonParser p = Json.mapper().getFactory().createParser(in)) {
        p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        node = parse(p, blobMembers);
      } catch (TooLarge e) {
        throw e;
      } catch (AwsFault e) {
        fault = e;
      } catch (JsonProcessingException e) {
        fault = malformed(e);
      } catch (java.io.CharConversionException e) {
        // Bytes that are no text in the encoding Jackson detected (UTF-32 look-alikes).
        fault =
            new AwsFault(
                "SerializationException", 400, "request body is not valid JSON: " + e.getMessage());
      }
      in.transferTo(OutputStream.nullOutputStream());
    } catch (TooLarge e) {
      throw new AwsFault("SerializationException", 413, "request body exceeds " + cap + " bytes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String hash = HexFormat.of().formatHex(sha.digest());
    JsonNode parsed = node;
    AwsFault error = fault;
    return new StreamedBody(
        hash,
        () -> {
          if (error != null) {
            throw error;
          }
          return parsed;
        });
  }

  private static JsonNode parse(JsonParser p, Set<String> blobMembers) throws IOException {
    ObjectNode out = Json.mapper().createObjectNode();
    JsonToken t = p.nextToken();
    if (t == null) {
      return out;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new AwsFault("SerializationException", 400, "request body must be a JSON object");
    }
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_STRING && blobMembers.contains(name)) {
        out.set(name, new POJONode(decode(p, name)));
      } else {
        JsonNode v = Json.mapper().readTree(p);
        out.set(name, v == null ? NullNode.getInstance() : v);
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new AwsFault("SerializationException", 400, "request body is not valid JSON");
    }
    return out;
  }

  private static StreamedBlob decode(JsonParser p, String name) throws IOException {
    StreamedBlob.Sink sink = new StreamedBlob.Sink();
    try {
      p.readBinaryValue(BASE64, sink);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new AwsFault(
          "InvalidParameterException",
          400,
          "1 validation error detected: Value at '"
              + name
              + "' failed to satisfy constraint: Member must be a base64-encoded blob");
    }
    return sink.blob();
  }

  private static AwsFault malformed(JsonProcessingException e) {
    return new AwsFault(
        "SerializationException", 400, "request body is not valid JSON: " + e.getOriginalMessage());
  }

  /** Thrown by {@link Capped} past the cap; an IOException so the parser passes it on. */
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private static final class Capped extends FilterInputStream {
    private long left;

    Capped(InputStream in, long cap) {
      super(in);
      this.left = cap;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      // One byte beyond the cap tells "too large" from "exactly the cap".
      int n = super.read(b, off, left < len ? (int) left + 1 : len);
      if (n > 0) {
        left -= n;
        if (left < 0) {
          throw new TooLarge();
        }
      }
      return n;
    }
  }
}
