package dev.berth.api.awsjson;

import dev.berth.error.RegistryException;
import java.util.Map;

/** An AWS JSON 1.1 service mounted on {@code POST /}: its model, operations and error table. */
public interface AwsJsonService {
  ServiceModel model();

  /** The implemented operations by name; modelled operations absent here answer "not built". */
  Map<String, AwsOperation> operations();

  /**
   * The region whose registries a call signed for {@code signedRegion} acts on: the signed one,
   * unless the service has registries of its own (ECR Public's are global).
   */
  default String region(String signedRegion) {
    return signedRegion;
  }

  /** The service's exception name for a domain error raised by {@code operation}. */
  AwsError error(String operation, RegistryException e);
}
