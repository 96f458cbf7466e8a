package dev.berth.api.ui;

import dev.berth.api.awsjson.AwsCallException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The repository policy: view, edit (errors shown beside the editor), delete. */
final class PolicyPage {
  static final String EXAMPLE =
      """
      {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "AllowPullFromAnotherAccount",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": [
              "ecr:BatchGetImage",
              "ecr:GetDownloadUrlForLayer",
              "ecr:BatchCheckLayerAvailability"
            ]
          }
        ]
      }""";

  void show(UiRequest r, String name) {
    render(r, name, 200, Optional.empty(), "");
  }

  private void render(UiRequest r, String name, int status, Optional<String> draft, String error) {
    RepoContext repo = RepoContext.load(r, name);
    boolean canRead = repo.can(r, "ecr:GetRepositoryPolicy");
    Optional<String> current = canRead ? current(r, name) : Optional.empty();
    String text =
        draft.orElseGet(
            () -> ImageDetailPage.pretty(current.orElse("").getBytes(StandardCharsets.UTF_8)));
    r.page(
        status,
        "permissions",
        name + " · Permissions",
        repo.crumbs("Permissions"),
        new Model()
            .with("repo", repo.header(r, "permissions"))
            .with("canRead", canRead)
            .with("hasPolicy", current.isPresent())
            .with("text", current.isPresent() || draft.isPresent() ? text : "")
            .with("error", error)
            .with("example", EXAMPLE)
            .with("canSet", repo.can(r, "ecr:SetRepositoryPolicy"))
            .with("canDelete", current.isPresent() && repo.can(r, "ecr:DeleteRepositoryPolicy"))
            .with("saveAction", UiRequest.repoPath(name, "permissions"))
            .with("deleteAction", UiRequest.repoPath(name, "permissions/delete"))
            .with("csrf", r.session().csrf()));
  }

  /** GetRepositoryPolicy; empty when the repository has none. */
  private static Optional<String> current(UiRequest r, String name) {
    try {
      return Optional.of(
          r.ecr("GetRepositoryPolicy", UiRequest.input().put("repositoryName", name))
              .path("policyText")
              .asText());
    } catch (AwsCallException e) {
      if ("RepositoryPolicyNotFoundException".equals(e.type())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  void save(UiRequest r, String name) {
    String text = r.form().text("policyText");
    if (text.isBlank()) {
      render(r, name, 400, Optional.of(text), "Enter a policy document, or delete the policy.");
      return;
    }
    try {
      r.ecr(
          "SetRepositoryPolicy",
          UiRequest.input().put("repositoryName", name).put("policyText", text));
    } catch (AwsCallException e) {
      if ("AccessDeniedException".equals(e.type())) {
        throw e;
      }
      render(r, name, 400, Optional.of(text), RepositoryActions.friendly(e));
      return;
    }
    r.notice("ok", "Saved the repository policy of " + name + ".");
    r.redirect(UiRequest.repoPath(name, "permissions"));
  }

  void delete(UiRequest r, String name) {
    r.ecr("DeleteRepositoryPolicy", UiRequest.input().put("repositoryName", name));
    r.notice("ok", "Deleted the repository policy of " + name + ".");
    r.redirect(UiRequest.repoPath(name, "permissions"));
  }
}
