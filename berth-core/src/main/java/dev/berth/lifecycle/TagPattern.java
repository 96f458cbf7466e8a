package dev.berth.lifecycle;

import java.util.regex.Pattern;

/**
 * An entry of {@code tagPatternList}: the whole tag must match, {@code *} standing for any run of
 * characters (so {@code prod*} matches {@code prod} and {@code production-team1}, {@code *prod*}
 * matches {@code repo-production}). Compiled once, since a run matches it against every image.
 */
public final class TagPattern {
  /** ECR's limit on wildcards in one pattern. */
  public static final int MAX_WILDCARDS = 4;

  private final String text;
  private final Pattern regex;

  public TagPattern(String text) {
    if (wildcards(text) > MAX_WILDCARDS) {
      throw new IllegalArgumentException("more than " + MAX_WILDCARDS + " wildcards: " + text);
    }
    this.text = text;
    StringBuilder re = new StringBuilder();
    int start = 0;
    for (int i = text.indexOf('*'); i >= 0; i = text.indexOf('*', start)) {
      re.append(Pattern.quote(text.substring(start, i))).append(".*");
      start = i + 1;
    }
    re.append(Pattern.quote(text.substring(start)));
    this.regex = Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  static long wildcards(String text) {
    return text.chars().filter(c -> c == '*').count();
  }

  public String text() {
    return text;
  }

  public boolean matches(String tag) {
    return regex.matcher(tag).matches();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TagPattern p && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
