package dev.berth.blob.fs;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a write that failed for want of space into the domain's {@code INSUFFICIENT_STORAGE},
 * logged once (one line, with the path and the space left); any other I/O failure stays one.
 */
final class DiskFull {
  private static final Logger LOG = LoggerFactory.getLogger(DiskFull.class);

  private DiskFull() {}

  /** The exception to throw for {@code e}, a failure writing {@code path}. */
  static RuntimeException translate(IOException e, Path path, String message) {
    if (!isFull(e)) {
      return new UncheckedIOException(message, e);
    }
    LOG.error(
        "no space left on device path={} usableBytes={} error={}",
        path,
        usable(path),
        e.getMessage());
    return new RegistryException(
        ErrorKind.INSUFFICIENT_STORAGE,
        "insufficient storage: the registry's disk is full (" + message + ")",
        e);
  }

  /** Whether the failure, or one of its causes, is ENOSPC or EDQUOT. */
  static boolean isFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null
          && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }

  private static long usable(Path path) {
    for (Path p = path; p != null; p = p.getParent()) {
      try {
        return Files.getFileStore(p).getUsableSpace();
      } catch (IOException ignored) {
        // the file may not exist; ask its directory
      }
    }
    return -1;
  }
}
