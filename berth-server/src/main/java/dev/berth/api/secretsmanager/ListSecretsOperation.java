package dev.berth.api.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.auth.PageTokens;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Page;
import dev.berth.secrets.ListQuery;
import dev.berth.secrets.SecretDetails;
import dev.berth.secrets.SecretFilter;
import dev.berth.secrets.SecretScope;
import dev.berth.secrets.SecretsService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ListSecrets, authorized on {@code *} as AWS does. Its {@code NextToken} is the continuation key
 * sealed to the caller, the scope and the query (filters, order, planned deletions), so a token
 * reveals no name and serves no other listing.
 */
final class ListSecretsOperation {
  private static final int DEFAULT_MAX = 100;

  private final SecretsService secrets;
  private final SecretCalls calls;
  private final PageTokens pages;

  ListSecretsOperation(SecretsService secrets, SecretCalls calls, PageTokens pages) {
    this.secrets = secrets;
    this.calls = calls;
    this.pages = pages;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("ListSecrets", this::list);
  }

  private Object list(CallContext call, JsonNode in) {
    calls.check(call, "*");
    SecretScope scope = calls.scope(call);
    List<SecretFilter> filters = new ArrayList<>();
    for (JsonNode f : in.path("Filters")) {
      List<String> values = new ArrayList<>();
      f.path("Values").forEach(v -> values.add(v.asText()));
      filters.add(new SecretFilter(f.path("Key").asText(), values));
    }
    boolean planned = SecretCalls.flag(in, "IncludePlannedDeletion");
    boolean descending = "desc".equals(SecretCalls.text(in, "SortOrder").orElse("asc"));
    String binding =
        String.join(
            "\n",
            "secretsmanager",
            "ListSecrets",
            call.principal().arn(),
            scope.account().value(),
            scope.region(),
            in.path("Filters").toString(),
            String.valueOf(planned),
            String.valueOf(descending));
    Optional<String> after =
        SecretCalls.text(in, "NextToken")
            .map(
                t ->
                    pages
                        .open(binding, t)
                        .orElseThrow(
                            () ->
                                new RegistryException(
                                    ErrorKind.PAGINATION_INVALID,
                                    "The NextToken value is not valid for this request.")));
    int max = in.path("MaxResults").isNumber() ? in.path("MaxResults").asInt() : DEFAULT_MAX;
    Page<SecretDetails> page =
        secrets.list(scope, new ListQuery(filters, planned, descending, max, after));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "SecretList",
        page.items().stream().map(d -> SecretsWire.details(d, "SecretVersionsToStages")).toList());
    page.next().ifPresent(key -> out.put("NextToken", pages.seal(binding, key)));
    return out;
  }
}
