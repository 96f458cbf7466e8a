package dev.berth.policy;

import java.util.List;

/** The {@code Action} or {@code NotAction} element: case-insensitive, with wildcards. */
record ActionSpec(List<String> patterns, boolean negated) {
  ActionSpec {
    patterns = List.copyOf(patterns);
  }

  boolean matches(String action) {
    boolean any = false;
    for (String p : patterns) {
      if (Glob.matches(p.replace("\\", "\\\\"), action, true, false)) {
        any = true;
        break;
      }
    }
    return any != negated;
  }
}
