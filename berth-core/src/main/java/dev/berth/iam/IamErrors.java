package dev.berth.iam;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;

/** IAM's error wording. */
final class IamErrors {
  private IamErrors() {}

  static RegistryException noSuch(String what, String name) {
    return new RegistryException(
        ErrorKind.NO_SUCH_ENTITY, "The " + what + " with name " + name + " cannot be found.");
  }

  static RegistryException exists(String what, String name) {
    return new RegistryException(
        ErrorKind.ENTITY_ALREADY_EXISTS, what + " with name " + name + " already exists.");
  }

  static RegistryException conflict(String message) {
    return new RegistryException(ErrorKind.DELETE_CONFLICT, message);
  }

  static RegistryException invalid(String message) {
    return new RegistryException(ErrorKind.INVALID_PARAMETER, message);
  }
}
