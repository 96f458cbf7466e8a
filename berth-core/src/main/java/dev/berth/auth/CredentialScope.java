package dev.berth.auth;

import java.util.regex.Pattern;

/**
 * The {@code Credential} value of a signature: {@code AKID/yyyymmdd/region/service/aws4_request}.
 */
record CredentialScope(String accessKeyId, String date, String region, String service) {
  static final String TERMINATOR = "aws4_request";
  private static final Pattern DATE = Pattern.compile("\\d{8}");

  /** Parses the credential, or throws AUTH_INCOMPLETE naming what is wrong. */
  static CredentialScope parse(String credential) {
    String[] parts = credential.split("/", -1);
    if (parts.length != 5) {
      throw SigV4Errors.incomplete(
          "Credential must have exactly 5 slash-delimited elements, e.g."
              + " keyid/date/region/service/term, got '"
              + credential
              + "'");
    }
    if (!TERMINATOR.equals(parts[4])) {
      throw SigV4Errors.incomplete(
          "Credential should be scoped with a valid terminator: '"
              + TERMINATOR
              + "', not '"
              + parts[4]
              + "'.");
    }
    if (parts[0].isEmpty()) {
      throw SigV4Errors.incomplete(
          "Credential should name an access key id, got '" + credential + "'");
    }
    if (!DATE.matcher(parts[1]).matches()) {
      throw SigV4Errors.incomplete(
          "Credential should be scoped to a date in yyyymmdd form, not '" + parts[1] + "'.");
    }
    return new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
  }

  /** {@code date/region/service/aws4_request}, as in the string to sign. */
  String scope() {
    return date + "/" + region + "/" + service + "/" + TERMINATOR;
  }
}
