package dev.berth.policy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;

/** The errors a policy document fails validation with, in IAM's wording where IAM has one. */
final class Malformed {
  static final String SYNTAX = "Syntax errors in policy.";

  private Malformed() {}

  static RegistryException of(String message) {
    return new RegistryException(ErrorKind.MALFORMED_POLICY, message);
  }

  /** IAM's generic message, followed by what exactly is wrong. */
  static RegistryException syntax(String detail) {
    return of(SYNTAX + " " + detail);
  }
}
