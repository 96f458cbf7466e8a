package dev.berth.blob.s3;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link dev.berth.blob.Staged} of the S3 store records: everything another node needs to
 * continue or commit the session, as compact JSON.
 *
 * @param upload the multipart upload's id
 * @param parts its uploaded parts in order, numbered from 1
 * @param tail the name (below the staging key) of the object holding the bytes after the last part,
 *     when there are any
 * @param tailLength bytes in {@code tail}; less than a minimum part
 */
record StagingToken(
    @JsonProperty("u") String upload,
    @JsonProperty("p") List<Part> parts,
    @JsonProperty("t") @Nullable String tail,
    @JsonProperty("tl") long tailLength) {

  /** One uploaded part. */
  record Part(
      @JsonProperty("n") int number,
      @JsonProperty("s") long size,
      @JsonProperty("e") String etag) {}

  StagingToken {
    parts = List.copyOf(parts);
    if ((tail == null) != (tailLength == 0) || tailLength < 0) {
      throw new IllegalArgumentException("tail and its length go together");
    }
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).number() != i + 1) {
        throw new IllegalArgumentException("parts are numbered from 1 in order");
      }
    }
  }

  Optional<String> tailName() {
    return Optional.ofNullable(tail);
  }

  /** Bytes in the parts. */
  long partBytes() {
    return parts.stream().mapToLong(Part::size).sum();
  }

  /** Every byte the token accounts for. */
  long length() {
    return partBytes() + tailLength;
  }

  String encode() {
    return new String(Json.write(this), StandardCharsets.UTF_8);
  }

  /** The token of a state; an {@link IllegalStateException} when it is not one of this store's. */
  static StagingToken decode(String key, String token) {
    try {
      return Json.mapper().readValue(token, StagingToken.class);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("staging state of " + key + " is not an S3 upload", e);
    }
  }
}
