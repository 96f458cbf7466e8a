package dev.berth.model;

import java.util.Optional;

/** A manifest reference: either a tag or a digest. */
public sealed interface Reference {
  /** A reference by tag. */
  record ByTag(Tag tag) implements Reference {
    @Override
    public String toString() {
      return tag.value();
    }
  }

  /** A reference by digest. */
  record ByDigest(Digest digest) implements Reference {
    @Override
    public String toString() {
      return digest.toString();
    }
  }

  /** Parses a reference: a digest if it contains a colon, else a tag. Empty if invalid. */
  static Optional<Reference> parse(String text) {
    if (text != null && text.contains(":")) {
      return Digest.parse(text).map(ByDigest::new);
    }
    return Tag.isValid(text) ? Optional.of(new ByTag(new Tag(text))) : Optional.empty();
  }
}
