package dev.berth.api.organizations;

import dev.berth.meta.AccountCreation;
import dev.berth.meta.Organization;
import dev.berth.meta.OrganizationAccount;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Domain records to AWS Organizations' wire shapes. */
final class OrganizationsWire {
  private OrganizationsWire() {}

  /** AWS JSON timestamps: epoch seconds with millisecond fraction. */
  private static double time(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  /** The {@code CreateAccountStatus} shape. */
  static Map<String, Object> status(AccountCreation c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Id", c.id());
    out.put("AccountName", c.accountName());
    out.put("State", c.state().name());
    out.put("RequestedTimestamp", time(c.requestedAt()));
    c.completedAt().ifPresent(t -> out.put("CompletedTimestamp", time(t)));
    c.accountId().ifPresent(a -> out.put("AccountId", a.value()));
    c.failureReason().ifPresent(r -> out.put("FailureReason", r));
    return out;
  }

  /** The {@code Account} shape. */
  static Map<String, Object> account(Organization org, OrganizationAccount a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Id", a.id().value());
    out.put("Arn", org.accountArn(a.id()));
    out.put("Email", a.email());
    out.put("Name", a.name());
    out.put("Status", a.status().name());
    out.put("JoinedMethod", a.joinedMethod().name());
    out.put("JoinedTimestamp", time(a.joinedAt()));
    return out;
  }

  /** The {@code Organization} shape: all features, no policy types (Berth has no SCPs). */
  static Map<String, Object> organization(Organization org, OrganizationAccount management) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Id", org.id());
    out.put("Arn", org.arn());
    out.put("FeatureSet", "ALL");
    out.put("MasterAccountArn", org.accountArn(org.management()));
    out.put("MasterAccountId", org.management().value());
    out.put("MasterAccountEmail", management.email());
    out.put("AvailablePolicyTypes", List.of());
    return out;
  }
}
