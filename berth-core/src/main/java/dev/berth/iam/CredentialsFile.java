package dev.berth.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** An access key in AWS shared-credentials format, in a new file only its owner may read (0600). */
public final class CredentialsFile {
  private CredentialsFile() {}

  /**
   * Creates {@code file} with mode 0600 before anything is written to it; fails when it exists.
   *
   * @param comment the first line, e.g. whose credentials these are
   */
  public static void create(Path file, String comment) {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(
          file,
          ("# " + comment + "; keep this file private.\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to create credentials file " + file, e);
    }
  }

  /** Appends the {@code [default]} profile with the key to a file made by {@link #create}. */
  public static void append(Path file, String keyId, String secret) {
    String text =
        "[default]\naws_access_key_id = " + keyId + "\naws_secret_access_key = " + secret + "\n";
    try {
      Files.write(file, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to write credentials to " + file, e);
    }
  }
}
