package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsCallException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The repository's lifecycle policy: its rules in words, the JSON editor (the registry's validation
 * error shown beside it), a preview of what the next evaluation would expire or archive and why,
 * and when the policy was last evaluated. Everything goes through the ECR operations.
 */
final class LifecyclePage {
  static final String EXAMPLE =
      """
      {
        "rules": [
          {
            "rulePriority": 1,
            "description": "Expire untagged images older than 14 days",
            "selection": {
              "tagStatus": "untagged",
              "countType": "sinceImagePushed",
              "countUnit": "days",
              "countNumber": 14
            },
            "action": {"type": "expire"}
          },
          {
            "rulePriority": 2,
            "description": "Keep the newest 20 release images",
            "selection": {
              "tagStatus": "tagged",
              "tagPrefixList": ["v"],
              "countType": "imageCountMoreThan",
              "countNumber": 20
            },
            "action": {"type": "expire"}
          }
        ]
      }""";

  /** Preview results shown on one page; the summary counts them all. */
  private static final int PREVIEW_PAGE = 100;

  /** What GetLifecyclePolicy answered. */
  private record Current(String text, Optional<Double> lastEvaluatedAt) {}

  void show(UiRequest r, String name) {
    render(r, name, 200, Optional.empty(), "");
  }

  private void render(UiRequest r, String name, int status, Optional<String> draft, String error) {
    RepoContext repo = RepoContext.load(r, name);
    boolean canRead = repo.can(r, "ecr:GetLifecyclePolicy");
    Optional<Current> current = canRead ? current(r, name) : Optional.empty();
    String text =
        draft.orElseGet(
            () ->
                current
                    .map(
                        c ->
                            ImageDetailPage.pretty(
                                c.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .orElse(""));
    Model model =
        new Model()
            .with("repo", repo.header(r, "lifecycle"))
            .with("canRead", canRead)
            .with("hasPolicy", current.isPresent())
            .with("rules", current.map(c -> LifecycleRules.describe(c.text())).orElse(List.of()))
            .with("text", text)
            .with("error", error)
            .with("example", EXAMPLE)
            .with("canSet", repo.can(r, "ecr:PutLifecyclePolicy"))
            .with("canPreview", repo.can(r, "ecr:StartLifecyclePolicyPreview"))
            .with("canDelete", current.isPresent() && repo.can(r, "ecr:DeleteLifecyclePolicy"))
            .with("saveAction", UiRequest.repoPath(name, "lifecycle"))
            .with("previewAction", UiRequest.repoPath(name, "lifecycle/preview"))
            .with("previewHref", UiRequest.repoPath(name, "lifecycle/preview"))
            .with("deleteAction", UiRequest.repoPath(name, "lifecycle/delete"))
            .with("csrf", r.session().csrf());
    current
        .flatMap(Current::lastEvaluatedAt)
        .ifPresent(t -> model.with("evaluated", Formats.time(Formats.epochSeconds(t), r.now())));
    r.page(status, "lifecycle", name + " · Lifecycle", repo.crumbs("Lifecycle"), model);
  }

  /** GetLifecyclePolicy; empty when the repository has none. */
  private static Optional<Current> current(UiRequest r, String name) {
    try {
      JsonNode out = r.ecr("GetLifecyclePolicy", UiRequest.input().put("repositoryName", name));
      JsonNode evaluated = out.path("lastEvaluatedAt");
      return Optional.of(
          new Current(
              out.path("lifecyclePolicyText").asText(),
              evaluated.isNumber() ? Optional.of(evaluated.asDouble()) : Optional.empty()));
    } catch (AwsCallException e) {
      if ("LifecyclePolicyNotFoundException".equals(e.type())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  void save(UiRequest r, String name) {
    String text = r.form().text("lifecyclePolicyText");
    if (text.isBlank()) {
      render(r, name, 400, Optional.of(text), "Enter a lifecycle policy, or delete the policy.");
      return;
    }
    try {
      r.ecr(
          "PutLifecyclePolicy",
          UiRequest.input().put("repositoryName", name).put("lifecyclePolicyText", text));
    } catch (AwsCallException e) {
      if ("AccessDeniedException".equals(e.type())) {
        throw e;
      }
      render(r, name, 400, Optional.of(text), RepositoryActions.friendly(e));
      return;
    }
    r.notice("ok", "Saved the lifecycle policy of " + name + ".");
    r.redirect(UiRequest.repoPath(name, "lifecycle"));
  }

  void delete(UiRequest r, String name) {
    r.ecr("DeleteLifecyclePolicy", UiRequest.input().put("repositoryName", name));
    r.notice("ok", "Deleted the lifecycle policy of " + name + ".");
    r.redirect(UiRequest.repoPath(name, "lifecycle"));
  }

  /** Starts a preview of the text in the editor (the saved policy when the editor is empty). */
  void startPreview(UiRequest r, String name) {
    String text = r.form().text("lifecyclePolicyText");
    var in = UiRequest.input().put("repositoryName", name);
    if (!text.isBlank()) {
      in.put("lifecyclePolicyText", text);
    }
    try {
      r.ecr("StartLifecyclePolicyPreview", in);
    } catch (AwsCallException e) {
      if ("AccessDeniedException".equals(e.type())) {
        throw e;
      }
      render(r, name, 400, Optional.of(text), RepositoryActions.friendly(e));
      return;
    }
    r.redirect(UiRequest.repoPath(name, "lifecycle/preview"));
  }

  /** The latest preview: running (the page reloads itself), or its results with their rule. */
  void preview(UiRequest r, String name) {
    RepoContext repo = RepoContext.load(r, name);
    Model model =
        new Model()
            .with("repo", repo.header(r, "lifecycle"))
            .with("backHref", UiRequest.repoPath(name, "lifecycle"));
    JsonNode out;
    try {
      out =
          r.ecr(
              "GetLifecyclePolicyPreview",
              UiRequest.input().put("repositoryName", name).put("maxResults", PREVIEW_PAGE));
    } catch (AwsCallException e) {
      if (!"LifecyclePolicyPreviewNotFoundException".equals(e.type())) {
        throw e;
      }
      model.with("none", true);
      r.page(200, "lifecycle-preview", name + " · Lifecycle preview", crumbs(repo, name), model);
      return;
    }
    String status = out.path("status").asText();
    String policy = out.path("lifecyclePolicyText").asText("");
    List<Model> rows = new ArrayList<>();
    for (JsonNode result : out.path("previewResults")) {
      int priority = result.path("appliedRulePriority").asInt();
      String digest = result.path("imageDigest").asText();
      List<String> tags = new ArrayList<>();
      result.path("imageTags").forEach(t -> tags.add(t.asText()));
      Model row =
          new Model()
              .with("digest", digest)
              .with("short", Formats.shortDigest(digest))
              .with("href", UiRequest.repoPath(name, "images/" + digest))
              .with("tags", tags)
              .with("priority", priority)
              .with("rule", LifecycleRules.descriptionOf(policy, priority).orElse(""))
              .with("action", LifecycleRules.action(result.path("action")));
      JsonNode pushed = result.path("imagePushedAt");
      if (pushed.isNumber()) {
        row.with("pushed", Formats.time(Formats.epochSeconds(pushed.asDouble()), r.now()));
      }
      rows.add(row);
    }
    long expiring = out.path("summary").path("expiringImageTotalCount").asLong(rows.size());
    model
        .with("running", "IN_PROGRESS".equals(status))
        .with("failed", "FAILED".equals(status) || "EXPIRED".equals(status))
        .with("status", status)
        .with("rows", rows)
        .with("hasRows", !rows.isEmpty())
        .with("expiring", expiring)
        .with("more", out.hasNonNull("nextToken"))
        .with("shown", rows.size());
    List<Model> rules = LifecycleRules.describe(policy);
    model.with("rules", rules).with("hasRules", !rules.isEmpty());
    r.page(200, "lifecycle-preview", name + " · Lifecycle preview", crumbs(repo, name), model);
  }

  private static List<Model> crumbs(RepoContext repo, String name) {
    List<Model> out = repo.crumbs();
    out.add(UiRequest.crumb("Lifecycle", UiRequest.repoPath(name, "lifecycle")));
    out.add(UiRequest.crumb("Preview", ""));
    return out;
  }
}
