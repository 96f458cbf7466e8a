package dev.berth.policy;

import dev.berth.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS managed policies for ECR and ECR Public, and AdministratorAccess (which AWS Organizations
 * attaches to the role it creates in a new account), attachable by their ARNs ({@code
 * arn:aws:iam::aws:policy/<Name>}). The documents follow the AWS Managed Policy Reference; the
 * version each copies is noted beside it, and so is anything not verified.
 */
public final class ManagedPolicies {
  /** The ARN prefix of AWS managed policies. */
  public static final String ARN_PREFIX = "arn:aws:iam::aws:policy/";

  public static final String READ_ONLY = "AmazonEC2ContainerRegistryReadOnly";
  public static final String POWER_USER = "AmazonEC2ContainerRegistryPowerUser";
  public static final String FULL_ACCESS = "AmazonEC2ContainerRegistryFullAccess";
  public static final String PULL_ONLY = "AmazonEC2ContainerRegistryPullOnly";
  public static final String PUBLIC_READ_ONLY = "AmazonElasticContainerRegistryPublicReadOnly";
  public static final String PUBLIC_POWER_USER = "AmazonElasticContainerRegistryPublicPowerUser";
  public static final String PUBLIC_FULL_ACCESS = "AmazonElasticContainerRegistryPublicFullAccess";
  public static final String ADMINISTRATOR_ACCESS = "AdministratorAccess";

  private static final List<String> ECR_READ =
      List.of(
          "ecr:GetAuthorizationToken",
          "ecr:BatchCheckLayerAvailability",
          "ecr:GetDownloadUrlForLayer",
          "ecr:GetRepositoryPolicy",
          "ecr:DescribeRepositories",
          "ecr:ListImages",
          "ecr:DescribeImages",
          "ecr:BatchGetImage",
          "ecr:GetLifecyclePolicy",
          "ecr:GetLifecyclePolicyPreview",
          "ecr:ListTagsForResource",
          "ecr:DescribeImageScanFindings");

  private static final List<String> ECR_PUSH =
      List.of(
          "ecr:InitiateLayerUpload",
          "ecr:UploadLayerPart",
          "ecr:CompleteLayerUpload",
          "ecr:PutImage");

  private static final List<String> ECR_PUBLIC_READ =
      List.of(
          "ecr-public:GetAuthorizationToken",
          "sts:GetServiceBearerToken",
          "ecr-public:BatchCheckLayerAvailability",
          "ecr-public:GetRepositoryPolicy",
          "ecr-public:DescribeRepositories",
          "ecr-public:DescribeRegistries",
          "ecr-public:DescribeImages",
          "ecr-public:DescribeImageTags",
          "ecr-public:GetRepositoryCatalogData",
          "ecr-public:GetRegistryCatalogData");

  private static final List<String> ECR_PUBLIC_PUSH =
      List.of(
          "ecr-public:InitiateLayerUpload",
          "ecr-public:UploadLayerPart",
          "ecr-public:CompleteLayerUpload",
          "ecr-public:PutImage");

  /*
   * The first statement is the documented v1 document. The second, letting ECR create its
   * replication service-linked role, is in later versions as far as we know; its exact wording is
   * not verified against the current version.
   */
  private static final String FULL_ACCESS_DOCUMENT =
      """
      {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": ["ecr:*", "cloudtrail:LookupEvents"],
            "Resource": "*"
          },
          {
            "Effect": "Allow",
            "Action": ["iam:CreateServiceLinkedRole"],
            "Resource": "*",
            "Condition": {
              "StringEquals": {"iam:AWSServiceName": ["replication.ecr.amazonaws.com"]}
            }
          }
        ]
      }
      """;

  private static final Map<String, NamedPolicy> BY_ARN = new LinkedHashMap<>();

  static {
    // v3 (edited 2019-12-10).
    add(READ_ONLY, allowAll(ECR_READ));
    // v3 (edited 2019-12-10): ReadOnly plus push; no DeleteRepository, no policy changes.
    add(POWER_USER, allowAll(ECR_READ, ECR_PUSH));
    add(FULL_ACCESS, FULL_ACCESS_DOCUMENT);
    // v1 (2024-10-04). The documented list starts with the first three actions; the fourth
    // (importing upstream images for pull through cache) is our best recollection, not verified.
    add(
        PULL_ONLY,
        allowAll(
            List.of(
                "ecr:GetAuthorizationToken",
                "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchImportUpstreamImage")));
    // v1 (2020-12-01).
    add(PUBLIC_READ_ONLY, allowAll(ECR_PUBLIC_READ));
    // v1 (2020-12-01).
    add(PUBLIC_POWER_USER, allowAll(ECR_PUBLIC_READ, ECR_PUBLIC_PUSH));
    // v1 (2020-12-01).
    add(PUBLIC_FULL_ACCESS, allowAll(List.of("ecr-public:*", "sts:GetServiceBearerToken")));
    // v1 (2015-02-06): every action on every resource.
    add(ADMINISTRATOR_ACCESS, allowAll(List.of("*")));
  }

  private ManagedPolicies() {}

  @SafeVarargs
  private static String allowAll(List<String>... actionLists) {
    List<String> actions = new ArrayList<>();
    for (List<String> l : actionLists) {
      actions.addAll(l);
    }
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Effect", "Allow");
    statement.put("Action", actions);
    statement.put("Resource", "*");
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("Version", Policy.VERSION_2012);
    document.put("Statement", List.of(statement));
    return new String(Json.write(document), StandardCharsets.UTF_8);
  }

  private static void add(String name, String document) {
    BY_ARN.put(arnOf(name), new NamedPolicy(arnOf(name), Policy.parseIdentity(document)));
  }

  /** {@code arn:aws:iam::aws:policy/<name>}. */
  public static String arnOf(String name) {
    return ARN_PREFIX + name;
  }

  /** The managed policy with that ARN, named by its ARN. */
  public static Optional<NamedPolicy> byArn(String arn) {
    return Optional.ofNullable(BY_ARN.get(arn));
  }

  /** The managed policy with that name ({@code AmazonEC2ContainerRegistryReadOnly}). */
  public static Optional<NamedPolicy> byName(String name) {
    return byArn(arnOf(name));
  }

  /** All built-in managed policies, in a stable order. */
  public static List<NamedPolicy> all() {
    return List.copyOf(BY_ARN.values());
  }
}
