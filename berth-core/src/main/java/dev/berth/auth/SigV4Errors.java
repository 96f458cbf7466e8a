package dev.berth.auth;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.util.Set;
import java.util.TreeSet;

/** The authentication failures of SigV4, worded as AWS words them. */
final class SigV4Errors {
  private SigV4Errors() {}

  static RegistryException missing() {
    return new RegistryException(ErrorKind.AUTH_MISSING, "Missing Authentication Token");
  }

  static RegistryException incomplete(String message) {
    return new RegistryException(ErrorKind.AUTH_INCOMPLETE, message);
  }

  static RegistryException hostNotSigned() {
    return incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }

  static RegistryException invalidToken() {
    return new RegistryException(
        ErrorKind.AUTH_UNKNOWN_KEY, "The security token included in the request is invalid.");
  }

  static RegistryException expiredToken() {
    return new RegistryException(
        ErrorKind.AUTH_EXPIRED, "The security token included in the request is expired");
  }

  static RegistryException badSignature(String message) {
    return new RegistryException(ErrorKind.AUTH_BAD_SIGNATURE, message);
  }

  static RegistryException mismatch() {
    return badSignature(
        "The request signature we calculated does not match the signature you provided. Check"
            + " your AWS Secret Access Key and signing method. Consult the service documentation"
            + " for details.");
  }

  static RegistryException region(String region) {
    return badSignature("Credential should be scoped to a valid region, not '" + region + "'.");
  }

  static RegistryException service(Set<String> services) {
    return badSignature(
        "Credential should be scoped to correct service: '"
            + String.join("' or '", new TreeSet<>(services))
            + "'.");
  }

  static RegistryException scopeDate(String scopeDate, String amzDate) {
    return badSignature(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
            + " HTTP: '"
            + scopeDate
            + "' != '"
            + amzDate.substring(0, 8)
            + "', from '"
            + amzDate
            + "'.");
  }

  static RegistryException tooOld(String amzDate, String earliest, String now) {
    return badSignature(
        "Signature expired: "
            + amzDate
            + " is now earlier than "
            + earliest
            + " ("
            + now
            + " - 15 min.)");
  }

  static RegistryException tooNew(String amzDate, String latest, String now) {
    return badSignature(
        "Signature not yet current: "
            + amzDate
            + " is still later than "
            + latest
            + " ("
            + now
            + " + 15 min.)");
  }

  static RegistryException presignedExpired() {
    return badSignature("Signature expired");
  }

  static RegistryException payloadHashMismatch() {
    return badSignature(
        "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
}
