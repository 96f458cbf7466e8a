package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.error.Errors;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import java.util.ArrayList;
import java.util.List;

/**
 * A repository as a page sees it: what DescribeRepositories answered (so the principal may see it),
 * the record behind it for "may I ..." questions, and the URI to push to.
 */
record RepoContext(String name, JsonNode wire, Repository repo, String uri) {
  private static final String[][] TABS = {
    {"", "Images"},
    {"push", "Push commands"},
    {"permissions", "Permissions"},
    {"lifecycle", "Lifecycle"},
    {"tags", "Resource tags"},
    {"settings", "Settings"}
  };

  static RepoContext load(UiRequest r, String name) {
    var in = UiRequest.input();
    in.putArray("repositoryNames").add(name);
    JsonNode wire = r.ecr("DescribeRepositories", in).path("repositories").path(0);
    Repository repo =
        r.ui()
            .reads()
            .find(r.ownRegistry(), name)
            .orElseThrow(
                () ->
                    Errors.repositoryNotFound(
                        r.principal().account(), RepositoryService.name(name)));
    return new RepoContext(name, wire, repo, uri(wire));
  }

  /**
   * {@code host:port/name}: the {@code repositoryUri} the ECR API hands this browser (its address
   * rules are in {@code RegistryAddresses}), so the page and the aws CLI agree.
   */
  static String uri(JsonNode wire) {
    return wire.path("repositoryUri").asText();
  }

  boolean can(UiRequest r, String action) {
    return r.ui().reads().can(r.principal(), r.ip(), action, repo);
  }

  static String mutabilityLabel(String mutability) {
    return switch (mutability) {
      case "IMMUTABLE" -> "Immutable";
      case "IMMUTABLE_WITH_EXCLUSION" -> "Immutable, with exclusions";
      case "MUTABLE_WITH_EXCLUSION" -> "Mutable, with exclusions";
      default -> "Mutable";
    };
  }

  /** The heading, URI and tabs shared by every page of the repository. */
  Model header(UiRequest r, String tab) {
    List<Model> tabs = new ArrayList<>();
    for (String[] t : TABS) {
      tabs.add(
          new Model()
              .with("label", t[1])
              .with("href", UiRequest.repoPath(name, t[0]))
              .with("current", t[0].equals(tab)));
    }
    return new Model()
        .with("name", name)
        .with("uri", uri)
        .with("arn", wire.path("repositoryArn").asText())
        .with("mutability", mutabilityLabel(wire.path("imageTagMutability").asText("MUTABLE")))
        .with(
            "created",
            Formats.time(Formats.epochSeconds(wire.path("createdAt").asDouble()), r.now()))
        .with("tabs", tabs);
  }

  List<dev.berth.api.ui.Model> crumbs(String... more) {
    List<Model> out = new ArrayList<>();
    out.add(UiRequest.crumb("Repositories", "/ui/repositories"));
    out.add(UiRequest.crumb(name, UiRequest.repoPath(name, "")));
    for (String label : more) {
      out.add(UiRequest.crumb(label, ""));
    }
    return out;
  }
}
