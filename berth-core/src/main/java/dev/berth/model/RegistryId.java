package dev.berth.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One private registry: an account's registry in one region. Every account has one in each region
 * the deployment serves, each with its own repositories, policies and settings.
 */
public record RegistryId(AccountId account, String region) {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

  public RegistryId {
    Objects.requireNonNull(account, "account");
    if (region == null || !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("not a region name: '" + region + "'");
    }
  }

  /** Whether {@code text} has the form of a region name, like {@code eu-west-1}. */
  public static boolean isRegionName(String text) {
    return text != null && REGION.matcher(text).matches();
  }

  /** {@code arn:aws:ecr:<region>:<account>:} followed by {@code resource}. */
  public String arn(String resource) {
    return "arn:aws:ecr:" + region + ":" + account.value() + ":" + resource;
  }

  /** The registry's own ARN, the resource of registry-level ECR actions. */
  public String registryArn() {
    return arn("registry");
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
