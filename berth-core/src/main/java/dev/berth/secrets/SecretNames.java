package dev.berth.secrets;

import dev.berth.common.Ids;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.util.regex.Pattern;

/**
 * Secret names and ARNs: a name is 1-512 ASCII letters, digits and {@code /_+=.@-}; its ARN is the
 * scope's prefix, the name, a hyphen and six random alphanumerics, so a name reused after a
 * deletion gets another ARN.
 */
final class SecretNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private SecretNames() {}

  static String checked(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "Invalid name. Must be a valid name containing alphanumeric characters, or any of the"
              + " following: -/_+=.@!");
    }
    return name;
  }

  /** A fresh ARN for a secret of that name. */
  static String newArn(SecretScope scope, String name) {
    StringBuilder arn = new StringBuilder(scope.arnPrefix()).append(name).append('-');
    for (byte b : Ids.randomBytes(6)) {
      arn.append(ALPHANUMERIC.charAt(Math.floorMod(b, ALPHANUMERIC.length())));
    }
    return arn.toString();
  }
}
