package dev.berth.api.ecr;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.iam.PolicyValidator;
import java.util.List;

/**
 * Validates the repository and registry policies ECR operations are given (SetRepositoryPolicy,
 * PutRegistryPolicy, a creation template's repository policy): the policy language, and the IAM
 * users and roles they name must exist.
 */
final class PolicyDocuments {
  private final PolicyValidator validator;
  private final EcrAccess access;

  PolicyDocuments(PolicyValidator validator, EcrAccess access) {
    this.validator = validator;
    this.access = access;
  }

  /**
   * Validates a document, answering as ECR words it ({@code Invalid repository policy provided} or
   * {@code Invalid registry policy provided}) followed by what exactly is wrong.
   */
  void validate(String text, PolicyValidator.Kind kind, String ecrWording) {
    try {
      validator.validate(text, kind);
      List<String> unknown = access.unknownPrincipals(text);
      if (!unknown.isEmpty()) {
        throw new RegistryException(
            ErrorKind.MALFORMED_POLICY,
            "Invalid principal in policy: " + String.join(", ", unknown));
      }
    } catch (RegistryException e) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "Invalid parameter at 'PolicyText' failed to satisfy constraint: '"
              + ecrWording
              + "': "
              + e.getMessage());
    }
  }
}
