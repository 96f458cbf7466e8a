package dev.berth.api.ecr;

import dev.berth.api.awsjson.CallContext;
import dev.berth.auth.PageTokens;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.RegistryId;
import java.util.Optional;

/**
 * ECR {@code nextToken}s: the continuation key sealed (authenticated encryption) to the operation,
 * the caller, the registry and the repository listed, so a token reveals no name and cannot be
 * replayed by another caller or against another listing (issue 9, item 3).
 */
final class NextTokens {
  private final PageTokens pages;

  NextTokens(PageTokens pages) {
    this.pages = pages;
  }

  private static String binding(
      String operation, CallContext call, RegistryId registry, String listed) {
    return "ecr\n" + operation + "\n" + call.principal().arn() + "\n" + registry + "\n" + listed;
  }

  /**
   * The token of the page after {@code key} in the listing of {@code listed} in {@code registry}.
   */
  String encode(
      String operation, CallContext call, RegistryId registry, String listed, String key) {
    return pages.seal(binding(operation, call, registry, listed), key);
  }

  /** The continuation key; {@code INVALID_PARAMETER} for a token this listing did not issue. */
  Optional<String> decode(
      String operation,
      CallContext call,
      RegistryId registry,
      String listed,
      Optional<String> token) {
    if (token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        pages
            .open(binding(operation, call, registry, listed), token.get())
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.INVALID_PARAMETER,
                        "Invalid parameter at 'nextToken' failed to satisfy constraint: 'must be a"
                            + " token returned by a previous "
                            + operation
                            + " call'")));
  }
}
