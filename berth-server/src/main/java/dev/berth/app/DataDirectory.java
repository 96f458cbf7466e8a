package dev.berth.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks the data directory can be used before anything is written to it (issue 9, item 16). */
final class DataDirectory {
  private DataDirectory() {}

  /**
   * Passes when {@code data} is a writable directory, or does not exist and its nearest existing
   * ancestor is a writable directory (so it can be created).
   *
   * @throws StartupException naming the path and the cause otherwise
   */
  static void check(Path data) {
    Path existing = data;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new StartupException("data directory " + data + " cannot be created");
    }
    String what = existing.equals(data) ? "data directory " + data : "parent " + existing;
    if (!Files.isDirectory(existing)) {
      throw new StartupException(
          "data directory " + data + " cannot be used: " + what + " is not a directory");
    }
    if (!Files.isWritable(existing)) {
      throw new StartupException(
          "data directory " + data + " cannot be used: " + what + " is not writable");
    }
  }
}
