package dev.berth.api.ecrpublic;

import dev.berth.api.awsjson.AwsError;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.error.RegistryException;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * ECR Public's error table: ECR's names where ECR Public has the same exception, its own where it
 * differs ({@code UnsupportedCommandException}, {@code RepositoryCatalogDataNotFoundException}),
 * and {@code InvalidParameterException} for an ECR exception ECR Public does not have.
 */
final class EcrPublicErrors {
  private final Set<String> exceptions;
  private final BiFunction<String, RegistryException, AwsError> ecr;

  EcrPublicErrors(ServiceModel model, BiFunction<String, RegistryException, AwsError> ecr) {
    this.exceptions = model.exceptions();
    this.ecr = ecr;
  }

  AwsError of(String operation, RegistryException e) {
    return switch (e.kind()) {
      case UNSUPPORTED, NOT_FOUND -> AwsError.client("UnsupportedCommandException");
      case NO_SUCH_ENTITY ->
          AwsError.client(
              operation.contains("RepositoryPolicy")
                  ? "RepositoryPolicyNotFoundException"
                  : operation.contains("RepositoryCatalogData")
                      ? "RepositoryCatalogDataNotFoundException"
                      : "InvalidParameterException");
      default -> {
        AwsError error = ecr.apply(operation, e);
        boolean known =
            exceptions.contains(error.type()) || "AccessDeniedException".equals(error.type());
        yield known ? error : AwsError.client("InvalidParameterException");
      }
    };
  }
}
