package dev.berth.secrets;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;

/** Secrets Manager's wording of the errors clients see. */
final class SecretErrors {
  private SecretErrors() {}

  static RegistryException notFound() {
    return new RegistryException(
        ErrorKind.NO_SUCH_ENTITY, "Secrets Manager can't find the specified secret.");
  }

  static RegistryException valueNotFound(String by, String which) {
    return new RegistryException(
        ErrorKind.NO_SUCH_ENTITY,
        "Secrets Manager can't find the specified secret value for " + by + ": " + which);
  }

  static RegistryException markedForDeletion() {
    return new RegistryException(
        ErrorKind.INVALID_STATE,
        "You can't perform this operation on the secret because it was marked for deletion.");
  }

  static RegistryException invalid(String message) {
    return new RegistryException(ErrorKind.INVALID_PARAMETER, message);
  }

  static RegistryException invalidRequest(String message) {
    return new RegistryException(ErrorKind.INVALID_STATE, message);
  }
}
