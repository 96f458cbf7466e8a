/**
 * ECR repository creation templates: the settings of repositories a registry creates on its owner's
 * behalf (replication, pull-through cache, a push to a missing repository), and creating a
 * repository from the template that applies to its name.
 *
 * <p>Matching follows ECR's documentation of the {@code prefix} member
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepositoryCreationTemplate.html):
 * "a prefix of prod would apply to all repositories beginning with prod/ ... There is always an
 * assumed / applied to the end of the prefix", and {@code ROOT} applies "to all repositories in
 * your registry that don't have an associated creation template". Of the templates whose {@code
 * appliedFor} lists the scenario at hand, the one with the longest matching prefix applies; ROOT
 * applies when no other does. {@code prod} and {@code prod/} name the same namespace, so a registry
 * may hold only one of them. An update changes the fields it is given and keeps the others.
 *
 * <p>May import: {@code meta}, {@code registry} (repositories are created through its service),
 * {@code lifecycle} (lifecycle policies are validated as PutLifecyclePolicy validates them) and
 * leaves.
 */
package dev.berth.templates;
