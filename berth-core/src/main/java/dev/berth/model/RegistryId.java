package dev.berth.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One registry: an account's private registry in one region, or its public registry (ECR Public,
 * the pseudo-region {@value #PUBLIC}). Every account has a private one in each region the
 * deployment serves and one public one, each with its own repositories, policies and settings.
 */
public record RegistryId(AccountId account, String region) {
  /** The region of public registries: ECR Public is global, its ARNs name no region. */
  public static final String PUBLIC = "public";

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

  public RegistryId {
    Objects.requireNonNull(account, "account");
    if (region == null || !(REGION.matcher(region).matches() || PUBLIC.equals(region))) {
      throw new IllegalArgumentException("not a region name: '" + region + "'");
    }
  }

  /** {@code account}'s public registry. */
  public static RegistryId publicRegistry(AccountId account) {
    return new RegistryId(account, PUBLIC);
  }

  /** Whether this is an account's public registry (ECR Public) rather than a private one. */
  public boolean isPublic() {
    return PUBLIC.equals(region);
  }

  /** The IAM action of {@code operation} here: {@code ecr:} or {@code ecr-public:} and its name. */
  public String action(String operation) {
    return service() + ":" + operation;
  }

  private String service() {
    return isPublic() ? "ecr-public" : "ecr";
  }

  /** Whether {@code text} has the form of a region name, like {@code eu-west-1}. */
  public static boolean isRegionName(String text) {
    return text != null && REGION.matcher(text).matches();
  }

  /**
   * {@code arn:aws:ecr:<region>:<account>:} followed by {@code resource}; {@code
   * arn:aws:ecr-public::<account>:} for a public registry.
   */
  public String arn(String resource) {
    return "arn:aws:"
        + service()
        + ":"
        + (isPublic() ? "" : region)
        + ":"
        + account.value()
        + ":"
        + resource;
  }

  /**
   * The registry's own ARN, the resource of registry-level actions ({@code registry/<account>} in
   * ECR Public).
   */
  public String registryArn() {
    return arn(isPublic() ? "registry/" + account.value() : "registry");
  }

  /**
   * The key a KMS-encrypted repository created without one reports: the account's AWS managed key
   * for ECR in this region, named by its alias.
   */
  public String awsManagedEcrKey() {
    return "arn:aws:kms:" + region + ":" + account.value() + ":alias/aws/ecr";
  }

  @Override
  public String toString() {
    return account.value() + "/" + region;
  }
}
