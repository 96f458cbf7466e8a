package dev.berth.api.iam;

import dev.berth.api.awsjson.AccessCheck;
import dev.berth.api.awsjson.Authenticator;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.authz.IdentityPolicies;
import dev.berth.authz.PolicyEvaluator;
import dev.berth.http.PreAuthBudget;
import dev.berth.iam.IamService;
import dev.berth.iam.PolicyValidator;
import dev.berth.iam.StsService;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the IAM and STS query-protocol route. */
public final class IamApis {
  private IamApis() {}

  private record Service(ServiceModel model, Map<String, AwsOperation> operations)
      implements QueryService {}

  public static QueryRoute route(
      Authenticator authenticator,
      PreAuthBudget budget,
      IamService iam,
      StsService sts,
      AccessCheck access,
      List<String> awsManagedPolicyArns,
      IdentityPolicies identities,
      PolicyEvaluator evaluator,
      PolicyValidator validator,
      Clock clock) {
    ServiceModel iamModel = ServiceModel.load("iam.subset.service-2.json");
    Map<String, AwsOperation> iamOps = new HashMap<>();
    new IamIdentityOperations(iam, access).register(iamOps);
    new IamPolicyOperations(iam, access, awsManagedPolicyArns)
        .register(iamOps, iamModel.operations());
    new IamSimulateOperations(iam, identities, evaluator, validator, access, clock)
        .register(iamOps);
    iamOps.keySet().retainAll(iamModel.operations());
    Map<String, AwsOperation> stsOps = new HashMap<>();
    new StsOperations(sts).register(stsOps);
    return new QueryRoute(
        authenticator,
        List.of(
            new Service(iamModel, Map.copyOf(iamOps)),
            new Service(ServiceModel.load("sts.service-2.json"), Map.copyOf(stsOps))),
        budget);
  }
}
