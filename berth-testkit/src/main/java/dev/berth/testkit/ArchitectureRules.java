package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the dependency table of STYLE.md on source files: a rule forbids imports with given
 * prefixes in classes of a package (and its sub-packages).
 */
public final class ArchitectureRules {
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?([\\w.]+)[\\w.*]*;", Pattern.MULTILINE);

  private final Path sourceRoot;
  private final List<String> violations = new ArrayList<>();

  public ArchitectureRules(Path sourceRoot) {
    this.sourceRoot = sourceRoot;
  }

  /** Classes in {@code pkg} (a package under {@code dev.berth}) must not import any prefix. */
  public ArchitectureRules forbid(String pkg, String... prefixes) {
    Path dir = sourceRoot.resolve(("dev.berth." + pkg).replace('.', '/'));
    if (!Files.isDirectory(dir)) {
      violations.add("no such package: " + pkg);
      return this;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = IMPORT.matcher(Files.readString(f));
        while (m.find()) {
          for (String prefix : prefixes) {
            if (m.group(1).startsWith(prefix)) {
              violations.add(sourceRoot.relativize(f) + " imports " + m.group(1));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Everything found, one line each; empty when the rules hold. */
  public List<String> violations() {
    return List.copyOf(violations);
  }
}
