package dev.berth.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ECR repository creation template of one registry: the settings of repositories created on the
 * registry owner's behalf under {@code prefix}.
 *
 * @param prefix the repository namespace prefix as given ({@code prod}, {@code prod/team/}), or
 *     {@link #ROOT}
 * @param description the template's description, if any
 * @param appliedFor the scenarios the template applies to, at least one, without duplicates
 * @param settings tag mutability with exclusion filters and encryption of the created repositories
 *     ({@code scanOnPush} is not part of a template and stays false)
 * @param resourceTags the tags created repositories get, in the order given
 * @param repositoryPolicy the repository policy created repositories get, if any
 * @param lifecyclePolicy the lifecycle policy created repositories get, if any
 * @param customRoleArn the role ECR would assume to create repositories (stored and reported only)
 * @param createdAt when the template was created
 * @param updatedAt when it was last created or updated
 */
public record CreationTemplate(
    String prefix,
    Optional<String> description,
    List<AppliedFor> appliedFor,
    RepositorySettings settings,
    Map<String, String> resourceTags,
    Optional<String> repositoryPolicy,
    Optional<String> lifecyclePolicy,
    Optional<String> customRoleArn,
    Instant createdAt,
    Instant updatedAt) {
  /** The prefix of the template that applies to repositories no other template's prefix matches. */
  public static final String ROOT = "ROOT";

  public CreationTemplate {
    appliedFor = List.copyOf(appliedFor.stream().distinct().toList());
    resourceTags = Collections.unmodifiableMap(new LinkedHashMap<>(resourceTags));
  }

  /**
   * Whether the template's prefix covers the repository name. ECR: "There is always an assumed /
   * applied to the end of the prefix", so {@code prod} covers {@code prod/app} and {@code
   * prod/team/app} but neither {@code prod} itself nor {@code production/app}; {@link #ROOT} covers
   * every name.
   */
  public boolean covers(RepositoryName name) {
    return isRoot() || name.value().startsWith(namespace());
  }

  /** Whether this is the {@link #ROOT} template. */
  public boolean isRoot() {
    return ROOT.equals(prefix);
  }

  /** The prefix with its assumed trailing {@code /} ({@code ""} for {@link #ROOT}). */
  public String namespace() {
    if (isRoot()) {
      return "";
    }
    return prefix.endsWith("/") ? prefix : prefix + "/";
  }

  /** The same template stamped with new times. */
  public CreationTemplate at(Instant created, Instant updated) {
    return new CreationTemplate(
        prefix,
        description,
        appliedFor,
        settings,
        resourceTags,
        repositoryPolicy,
        lifecyclePolicy,
        customRoleArn,
        created,
        updated);
  }
}
