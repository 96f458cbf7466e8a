package dev.berth.policy;

/**
 * The largest policy document a caller accepts. IAM does not count whitespace against its quotas
 * (managed policies 6,144 characters, role trust policies 2,048 by default); ECR's {@code
 * policyText} parameter is limited to 10,240 characters in all.
 *
 * @param maxChars the limit
 * @param countsWhitespace whether whitespace characters count against it
 */
public record SizeLimit(int maxChars, boolean countsWhitespace) {
  /** IAM customer managed policies (and the identity policies Berth stores). */
  public static final SizeLimit MANAGED_POLICY = new SizeLimit(6144, false);

  /** IAM inline policies of a user. */
  public static final SizeLimit USER_INLINE_POLICY = new SizeLimit(2048, false);

  /** IAM role trust policies (the default quota). */
  public static final SizeLimit ROLE_TRUST_POLICY = new SizeLimit(2048, false);

  /** ECR repository and registry policies ({@code policyText}). */
  public static final SizeLimit ECR_POLICY = new SizeLimit(10240, true);

  public SizeLimit {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be positive");
    }
  }

  /** The size of {@code text} as this limit counts it. */
  int measure(String text) {
    if (countsWhitespace) {
      return text.length();
    }
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}
