package dev.berth.api.organizations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.meta.AccountCreation;
import dev.berth.meta.Organization;
import dev.berth.model.AccountId;
import dev.berth.organizations.NewAccount;
import dev.berth.organizations.OrganizationService;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * CreateAccount, DescribeCreateAccountStatus, ListCreateAccountStatus, ListAccounts,
 * DescribeAccount and DescribeOrganization.
 */
final class AccountOperations {
  private final OrganizationService organizations;
  private final OrganizationsAccess access;
  private final Paging paging;

  AccountOperations(OrganizationService organizations, OrganizationsAccess access, Paging paging) {
    this.organizations = organizations;
    this.access = access;
    this.paging = paging;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("CreateAccount", this::create);
    ops.put("DescribeCreateAccountStatus", this::describeStatus);
    ops.put("ListCreateAccountStatus", this::listStatus);
    ops.put("ListAccounts", this::list);
    ops.put("DescribeAccount", this::describe);
    ops.put("DescribeOrganization", this::organization);
  }

  private Object create(CallContext call, JsonNode in) {
    access.management(call, "*");
    Map<String, String> tags = new LinkedHashMap<>();
    in.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
    NewAccount request =
        new NewAccount(
            in.path("Email").asText(),
            in.path("AccountName").asText(),
            in.path("RoleName").asText(OrganizationService.DEFAULT_ROLE),
            !"DENY".equals(in.path("IamUserAccessToBilling").asText()),
            tags);
    return Map.of(
        "CreateAccountStatus", OrganizationsWire.status(organizations.createAccount(request)));
  }

  private Object describeStatus(CallContext call, JsonNode in) {
    access.management(call, "*");
    AccountCreation c = organizations.creation(in.path("CreateAccountRequestId").asText());
    return Map.of("CreateAccountStatus", OrganizationsWire.status(c));
  }

  private Object listStatus(CallContext call, JsonNode in) {
    access.management(call, "*");
    Set<AccountCreation.State> states = EnumSet.noneOf(AccountCreation.State.class);
    in.path("States").forEach(s -> states.add(AccountCreation.State.valueOf(s.asText())));
    String listing = String.join(",", new TreeSet<>(states.stream().map(Enum::name).toList()));
    var page = organizations.creations(states, paging.after(call, listing, in), Paging.max(in));
    return paging.response(call, listing, "CreateAccountStatuses", page, OrganizationsWire::status);
  }

  private Object list(CallContext call, JsonNode in) {
    access.management(call, "*");
    Organization org = organizations.organization();
    var page = organizations.accounts(paging.after(call, "", in), Paging.max(in));
    return paging.response(call, "", "Accounts", page, a -> OrganizationsWire.account(org, a));
  }

  private Object describe(CallContext call, JsonNode in) {
    Organization org = organizations.organization();
    AccountId id = new AccountId(in.path("AccountId").asText());
    access.management(call, org.accountArn(id));
    return Map.of("Account", OrganizationsWire.account(org, organizations.account(id)));
  }

  private Object organization(CallContext call, JsonNode in) {
    access.anyMember(call);
    return Map.of(
        "Organization",
        OrganizationsWire.organization(
            organizations.organization(), organizations.managementAccount()));
  }
}
