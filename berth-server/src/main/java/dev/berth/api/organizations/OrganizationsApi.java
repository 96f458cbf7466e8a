package dev.berth.api.organizations;

import dev.berth.api.awsjson.AccessCheck;
import dev.berth.api.awsjson.AwsError;
import dev.berth.api.awsjson.AwsJsonService;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.auth.PageTokens;
import dev.berth.error.RegistryException;
import dev.berth.organizations.OrganizationService;
import java.util.HashMap;
import java.util.Map;

/** The AWS Organizations service: its model, the account operations, its error table. */
public final class OrganizationsApi implements AwsJsonService {
  private final ServiceModel model = ServiceModel.load("organizations.service-2.json");
  private final Map<String, AwsOperation> operations;

  /**
   * @param policies checks {@code organizations:<Operation>} against the caller's identity policies
   */
  public OrganizationsApi(
      OrganizationService organizations, AccessCheck policies, PageTokens pages) {
    Map<String, AwsOperation> ops = new HashMap<>();
    new AccountOperations(
            organizations, new OrganizationsAccess(organizations, policies), new Paging(pages))
        .register(ops);
    this.operations = Map.copyOf(ops);
  }

  @Override
  public ServiceModel model() {
    return model;
  }

  @Override
  public Map<String, AwsOperation> operations() {
    return operations;
  }

  @Override
  public AwsError error(String operation, RegistryException e) {
    return OrganizationsErrors.of(operation, e);
  }
}
