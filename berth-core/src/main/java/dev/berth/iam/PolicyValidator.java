package dev.berth.iam;

/** Checks a policy document on write; throws {@code MALFORMED_POLICY} with a useful message. */
@FunctionalInterface
public interface PolicyValidator {
  /** What the document is for (limits and required elements differ). */
  enum Kind {
    IDENTITY,
    TRUST,
    RESOURCE
  }

  void validate(String document, Kind kind);
}
