package dev.berth.api.oci;

import dev.berth.model.AccountId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the account whose registry a request addresses: host {@code
 * <account>.dkr.ecr.<region>.<domain>}, else the default account.
 */
final class AccountResolver {
  private final Pattern host;
  private final AccountId defaultAccount;

  AccountResolver(String region, String domain, AccountId defaultAccount) {
    this.host =
        Pattern.compile(
            "([0-9]{12})\\.dkr\\.ecr\\." + Pattern.quote(region) + "\\." + Pattern.quote(domain));
    this.defaultAccount = defaultAccount;
  }

  AccountId resolve(String hostName) {
    Matcher m = host.matcher(hostName.toLowerCase(Locale.ROOT));
    return m.matches() ? new AccountId(m.group(1)) : defaultAccount;
  }
}
