package dev.berth.api.secretsmanager;

import dev.berth.api.awsjson.AccessCheck;
import dev.berth.api.awsjson.AwsError;
import dev.berth.api.awsjson.AwsJsonService;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.auth.PageTokens;
import dev.berth.error.RegistryException;
import dev.berth.secrets.SecretScope;
import dev.berth.secrets.SecretsService;
import java.util.HashMap;
import java.util.Map;

/** The Secrets Manager API service: its model, its operations, its error table. */
public final class SecretsManagerApi implements AwsJsonService {
  private final ServiceModel model = ServiceModel.load("secretsmanager.service-2.json");
  private final Map<String, AwsOperation> operations;

  /** Calls reach the caller's secrets in the region they were signed for. */
  public SecretsManagerApi(SecretsService secrets, AccessCheck access, PageTokens pages) {
    SecretCalls calls = new SecretCalls(secrets, access, SecretsManagerApi::scope);
    Map<String, AwsOperation> operations = new HashMap<>();
    new ValueOperations(secrets, calls).register(operations);
    new SecretOperations(secrets, calls).register(operations);
    new ListSecretsOperation(secrets, calls, pages).register(operations);
    this.operations = Map.copyOf(operations);
  }

  private static SecretScope scope(CallContext call) {
    return new SecretScope(call.principal().account(), call.region());
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
    return SecretsManagerErrors.of(e);
  }
}
