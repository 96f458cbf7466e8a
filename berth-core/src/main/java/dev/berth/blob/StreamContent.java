package dev.berth.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** {@link BlobContent#ofStream}. */
record StreamContent(long offset, long length, InputStream stream) implements BlobContent {
  @Override
  public Optional<PositionalReader> positional() {
    return Optional.empty();
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
