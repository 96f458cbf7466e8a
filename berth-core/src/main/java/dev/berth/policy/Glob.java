package dev.berth.policy;

/**
 * IAM wildcard matching: {@code *} matches any run of characters, {@code ?} any single character,
 * and a backslash makes the next character literal (patterns built from policy text escape what
 * must stay literal, see {@link #escape}).
 *
 * <p>In ARN mode (the {@code Resource} element) IAM matches wildcards within the colon-separated
 * segments of an ARN: {@code ?} and a {@code *} in the middle of a segment do not cross a colon,
 * while a {@code *} that ends a segment (followed by a colon or the end of the pattern) may expand
 * across colon boundaries, as the IAM User Guide describes for resource ARNs.
 */
final class Glob {
  private static final int STAR_ANY = -1;
  private static final int STAR_SEGMENT = -2;
  private static final int ONE = -3;

  private Glob() {}

  /** Escapes a literal so that {@link #matches} compares it character by character. */
  static String escape(String literal) {
    StringBuilder b = new StringBuilder(literal.length());
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '*' || c == '?' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Whether {@code text} matches {@code pattern} (escaped form). */
  static boolean matches(String pattern, String text, boolean ignoreCase, boolean arnSegments) {
    int[] tokens = compile(pattern, arnSegments);
    int n = text.length();
    boolean[] prev = new boolean[n + 1];
    boolean[] cur = new boolean[n + 1];
    prev[0] = true;
    for (int token : tokens) {
      cur[0] = (token == STAR_ANY || token == STAR_SEGMENT) && prev[0];
      for (int j = 1; j <= n; j++) {
        char c = text.charAt(j - 1);
        cur[j] =
            switch (token) {
              case STAR_ANY -> prev[j] || cur[j - 1];
              case STAR_SEGMENT -> prev[j] || (cur[j - 1] && c != ':');
              case ONE -> prev[j - 1] && !(arnSegments && c == ':');
              default -> prev[j - 1] && same((char) token, c, ignoreCase);
            };
      }
      boolean[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[n];
  }

  private static boolean same(char a, char b, boolean ignoreCase) {
    if (a == b) {
      return true;
    }
    return ignoreCase
        && (Character.toLowerCase(a) == Character.toLowerCase(b)
            || Character.toUpperCase(a) == Character.toUpperCase(b));
  }

  /** Literal characters as themselves (non-negative), wildcards as negative markers. */
  private static int[] compile(String pattern, boolean arnSegments) {
    int[] out = new int[pattern.length()];
    boolean[] literal = new boolean[pattern.length()];
    int n = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        literal[n] = true;
        out[n++] = pattern.charAt(++i);
      } else if (c == '*') {
        out[n++] = STAR_ANY;
      } else if (c == '?') {
        out[n++] = ONE;
      } else {
        literal[n] = true;
        out[n++] = c;
      }
    }
    if (arnSegments) {
      for (int i = 0; i < n; i++) {
        if (out[i] == STAR_ANY && !literal[i]) {
          boolean endsSegment = i + 1 == n || (literal[i + 1] && out[i + 1] == ':');
          if (!endsSegment) {
            out[i] = STAR_SEGMENT;
          }
        }
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
