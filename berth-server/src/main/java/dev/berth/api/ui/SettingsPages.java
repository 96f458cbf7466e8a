package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsCallException;
import java.util.ArrayList;
import java.util.List;

/** Resource tags (Tag/Untag/ListTagsForResource) and tag immutability (PutImageTagMutability). */
final class SettingsPages {
  void tags(UiRequest r, String name) {
    renderTags(r, name, 200, "", "", "");
  }

  private void renderTags(
      UiRequest r, String name, int status, String key, String value, String error) {
    RepoContext repo = RepoContext.load(r, name);
    String arn = repo.wire().path("repositoryArn").asText();
    Model model =
        new Model()
            .with("repo", repo.header(r, "tags"))
            .with("key", key)
            .with("value", value)
            .with("error", error)
            .with("canTag", repo.can(r, "ecr:TagResource"))
            .with("canUntag", repo.can(r, "ecr:UntagResource"))
            .with("addAction", UiRequest.repoPath(name, "tags"))
            .with("removeAction", UiRequest.repoPath(name, "tags/remove"))
            .with("csrf", r.session().csrf());
    if (repo.can(r, "ecr:ListTagsForResource")) {
      List<Model> tags = new ArrayList<>();
      JsonNode out = r.ecr("ListTagsForResource", UiRequest.input().put("resourceArn", arn));
      out.path("tags")
          .forEach(
              t ->
                  tags.add(
                      Model.of("key", t.path("Key").asText())
                          .with("value", t.path("Value").asText())));
      model.with("canList", true).with("tags", tags).with("none", tags.isEmpty());
    }
    r.page(status, "resource-tags", name + " · Resource tags", repo.crumbs("Resource tags"), model);
  }

  void addTag(UiRequest r, String name) {
    String key = r.form().text("key").strip();
    String value = r.form().text("value");
    var in = UiRequest.input().put("resourceArn", arn(r, name));
    in.putArray("tags").addObject().put("Key", key).put("Value", value);
    try {
      r.ecr("TagResource", in);
    } catch (AwsCallException e) {
      if ("AccessDeniedException".equals(e.type())) {
        throw e;
      }
      renderTags(r, name, 400, key, value, RepositoryActions.friendly(e));
      return;
    }
    r.notice("ok", "Tagged " + name + " with " + key + ".");
    r.redirect(UiRequest.repoPath(name, "tags"));
  }

  void removeTag(UiRequest r, String name) {
    String key = r.form().text("key");
    var in = UiRequest.input().put("resourceArn", arn(r, name));
    in.putArray("tagKeys").add(key);
    r.ecr("UntagResource", in);
    r.notice("ok", "Removed tag " + key + " from " + name + ".");
    r.redirect(UiRequest.repoPath(name, "tags"));
  }

  private static String arn(UiRequest r, String name) {
    return RepoContext.load(r, name).wire().path("repositoryArn").asText();
  }

  void settings(UiRequest r, String name) {
    renderSettings(r, name, 200, "");
  }

  private void renderSettings(UiRequest r, String name, int status, String error) {
    RepoContext repo = RepoContext.load(r, name);
    String mutability = repo.wire().path("imageTagMutability").asText("MUTABLE");
    List<String> filters = new ArrayList<>();
    repo.wire()
        .path("imageTagMutabilityExclusionFilters")
        .forEach(f -> filters.add(f.path("filter").asText()));
    r.page(
        status,
        "settings",
        name + " · Settings",
        repo.crumbs("Settings"),
        new Model()
            .with("repo", repo.header(r, "settings"))
            .with("immutable", mutability.startsWith("IMMUTABLE"))
            .with("filters", String.join(", ", filters))
            .with("error", error)
            .with("canMutability", repo.can(r, "ecr:PutImageTagMutability"))
            .with("canDelete", repo.can(r, "ecr:DeleteRepository"))
            .with("mutabilityAction", UiRequest.repoPath(name, "settings/mutability"))
            .with("deleteAction", UiRequest.repoPath(name, "delete"))
            .with("csrf", r.session().csrf()));
  }

  void setMutability(UiRequest r, String name) {
    boolean immutable = "IMMUTABLE".equals(r.form().text("imageTagMutability"));
    List<String> filters = new ArrayList<>();
    for (String f : r.form().text("filters").split("[,\\s]+", -1)) {
      if (!f.isBlank()) {
        filters.add(f.strip());
      }
    }
    String mode =
        (immutable ? "IMMUTABLE" : "MUTABLE") + (filters.isEmpty() ? "" : "_WITH_EXCLUSION");
    var in = UiRequest.input().put("repositoryName", name).put("imageTagMutability", mode);
    if (!filters.isEmpty()) {
      var list = in.putArray("imageTagMutabilityExclusionFilters");
      filters.forEach(f -> list.addObject().put("filterType", "WILDCARD").put("filter", f));
    }
    try {
      r.ecr("PutImageTagMutability", in);
    } catch (AwsCallException e) {
      if ("AccessDeniedException".equals(e.type())) {
        throw e;
      }
      renderSettings(r, name, 400, RepositoryActions.friendly(e));
      return;
    }
    r.notice(
        "ok",
        "Tags of "
            + name
            + " are now "
            + RepoContext.mutabilityLabel(mode).toLowerCase(java.util.Locale.ROOT)
            + ".");
    r.redirect(UiRequest.repoPath(name, "settings"));
  }
}
