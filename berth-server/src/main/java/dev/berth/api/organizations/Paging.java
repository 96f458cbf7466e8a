package dev.berth.api.organizations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.CallContext;
import dev.berth.auth.PageTokens;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Page;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code MaxResults} and {@code NextToken}: the continuation key sealed to the operation, the
 * caller and the listing (its filter), so a token reveals no id and works for no other listing.
 */
final class Paging {
  /** AWS's page size when {@code MaxResults} is absent (and its maximum). */
  static final int DEFAULT_MAX = 20;

  private final PageTokens pages;

  Paging(PageTokens pages) {
    this.pages = pages;
  }

  private static String binding(CallContext call, String listing) {
    return "organizations\n" + call.operation() + "\n" + call.principal().arn() + "\n" + listing;
  }

  static int max(JsonNode in) {
    JsonNode v = in.get("MaxResults");
    return v == null || v.isNull() ? DEFAULT_MAX : v.intValue();
  }

  /** Where the page starts; {@code INVALID_PARAMETER} for a token this listing did not issue. */
  Optional<String> after(CallContext call, String listing, JsonNode in) {
    JsonNode token = in.get("NextToken");
    if (token == null || token.isNull()) {
      return Optional.empty();
    }
    return Optional.of(
        pages
            .open(binding(call, listing), token.asText())
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.INVALID_PARAMETER,
                        "You specified an invalid value for nextToken. You must get the value"
                            + " from the response to a previous call to the API.")));
  }

  /** The response: the items under {@code field} and a {@code NextToken} when more remain. */
  <T> Map<String, Object> response(
      CallContext call, String listing, String field, Page<T> page, Function<T, Object> wire) {
    List<Object> items = page.items().stream().map(wire).toList();
    return page.next()
        .<Map<String, Object>>map(
            next -> Map.of(field, items, "NextToken", pages.seal(binding(call, listing), next)))
        .orElseGet(() -> Map.of(field, items));
  }
}
