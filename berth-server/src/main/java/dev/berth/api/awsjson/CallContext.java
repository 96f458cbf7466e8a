package dev.berth.api.awsjson;

import dev.berth.auth.Principal;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;

/**
 * Who is calling and how they reached us.
 *
 * @param host the {@code Host} header the client used (with port), for URLs the response hands out
 * @param secure whether the request came over TLS (so handed-out URLs say {@code https://})
 * @param sourceIp the client's address, for {@code aws:SourceIp} conditions
 * @param operation the operation (or query action) being called, e.g. {@code BatchGetImage}
 * @param region the region the call was signed for (its credential scope): the region whose
 *     registries a regional API call acts on
 */
public record CallContext(
    Principal principal,
    String requestId,
    String host,
    boolean secure,
    String sourceIp,
    String operation,
    String region) {

  /** {@code account}'s private registry in the call's region. */
  public RegistryId registry(AccountId account) {
    return new RegistryId(account, region);
  }

  /** The caller's own registry in the call's region. */
  public RegistryId ownRegistry() {
    return registry(principal.account());
  }
}
