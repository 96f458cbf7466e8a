package dev.berth.lifecycle;

import java.util.regex.Pattern;

/**
 * An entry of {@code tagPatternList}: the whole tag must match, {@code *} standing for any run of
 * characters (so {@code prod*} matches {@code prod} and {@code production-team1}, {@code *prod*}
 * matches {@code repo-production}).
 */
public record TagPattern(String text) {
  /** ECR's limit on wildcards in one pattern. */
  public static final int MAX_WILDCARDS = 4;

  public TagPattern {
    if (wildcards(text) > MAX_WILDCARDS) {
      throw new IllegalArgumentException("more than " + MAX_WILDCARDS + " wildcards: " + text);
    }
  }

  static long wildcards(String text) {
    return text.chars().filter(c -> c == '*').count();
  }

  public boolean matches(String tag) {
    return regex().matcher(tag).matches();
  }

  private Pattern regex() {
    StringBuilder re = new StringBuilder();
    int start = 0;
    for (int i = text.indexOf('*'); i >= 0; i = text.indexOf('*', start)) {
      re.append(Pattern.quote(text.substring(start, i))).append(".*");
      start = i + 1;
    }
    re.append(Pattern.quote(text.substring(start)));
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
