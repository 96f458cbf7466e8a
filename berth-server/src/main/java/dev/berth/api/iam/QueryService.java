package dev.berth.api.iam;

import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.ServiceModel;
import java.util.Map;

/** A query-protocol service (IAM or STS): its model and operations by action name. */
interface QueryService {
  ServiceModel model();

  Map<String, AwsOperation> operations();
}
