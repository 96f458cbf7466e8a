package dev.berth.api.ecr;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque pagination tokens: the continuation key, tagged with the operation so a token of one
 * listing cannot be replayed against another.
 */
final class NextTokens {
  private NextTokens() {}

  static String encode(String operation, String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((operation + "\n" + key).getBytes(StandardCharsets.UTF_8));
  }

  /** The continuation key; {@code INVALID_PARAMETER} for a token this operation did not issue. */
  static Optional<String> decode(String operation, Optional<String> token) {
    if (token.isEmpty()) {
      return Optional.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
      if (text.startsWith(operation + "\n")) {
        return Optional.of(text.substring(operation.length() + 1));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw new RegistryException(
        ErrorKind.INVALID_PARAMETER,
        "Invalid parameter at 'nextToken' failed to satisfy constraint: 'must be a token returned"
            + " by a previous "
            + operation
            + " call'");
  }
}
