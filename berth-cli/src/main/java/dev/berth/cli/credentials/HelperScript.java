package dev.berth.cli.credentials;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of {@code docker-credential-berth}: a POSIX shell script that runs {@code berth
 * credential-helper ACTION} on a JDK >= 21 (the one that wrote it, else the newest one found where
 * the {@code berth} launcher looks) with a start-up-friendly JVM configuration.
 */
final class HelperScript {
  static final String NAME = "docker-credential-berth";

  private HelperScript() {}

  /** The script for {@code java} and {@code classpath} (absolute paths). */
  static String text(Path java, String classpath) {
    return """
        #!/bin/sh
        # docker-credential-berth: Berth's docker credential helper, written by
        # `berth install-credential-helper`. It runs `berth credential-helper ACTION` on a
        # JDK >= 21: the one that wrote it, else the newest one found as the berth launcher looks.
        java=%s
        if [ ! -x "$java" ]; then
          java="" best=0
          for c in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*/bin/java \\
              "$(command -v java 2>/dev/null || true)"; do
            [ -x "$c" ] || continue
            m="$("$c" -version 2>&1 | sed -n 's/.*version "\\([0-9]*\\).*/\\1/p' | head -n1)"
            [ -n "$m" ] || continue
            if [ "$m" -ge 21 ] && [ "$m" -gt "$best" ]; then java="$c" best="$m"; fi
          done
          if [ -z "$java" ]; then
            echo "docker-credential-berth: no JDK >= 21 found (JAVA_HOME, /usr/lib/jvm, PATH)"
            exit 1
          fi
        fi
        exec "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx128m \\
          -cp %s dev.berth.cli.Main credential-helper "$@"
        """
        .formatted(quote(java.toString()), quote(classpath));
  }

  /** {@code 'text'} for sh, with any single quote written as {@code '\''}. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** The java running this process. */
  static Path currentJava() {
    return ProcessHandle.current()
        .info()
        .command()
        .map(Path::of)
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java"))
        .toAbsolutePath();
  }

  /**
   * The classpath this process runs from, absolute: the berth jar itself, or (from a build tree or
   * a test) every entry of {@code java.class.path}.
   */
  static String currentClasspath() {
    try {
      Path location =
          Path.of(HelperScript.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(location)) {
        return location.toAbsolutePath().toString();
      }
    } catch (URISyntaxException | RuntimeException notAFile) {
      // Fall back to the class path below.
    }
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
