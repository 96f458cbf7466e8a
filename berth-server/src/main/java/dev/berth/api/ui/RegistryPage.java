package dev.berth.api.ui;

import java.time.Duration;
import java.util.List;

/**
 * The registry page: the signed-in account's registry (its replication rules, repository creation
 * templates and pull-through cache rules, {@link PullThroughPage}), and for the operator's account
 * (the node's default account, whose principals may DescribeRegistry) the last garbage collection
 * of the node's storage: when it ran and how much it reclaimed. Storage is shared by every account,
 * so other accounts do not see it.
 */
final class RegistryPage {
  void show(UiRequest r) {
    var registry = r.ecr("DescribeRegistry", UiRequest.input());
    Model model =
        new Model()
            .with("registryId", registry.path("registryId").asText())
            .with("region", r.region())
            .with("address", r.registry(r.ownRegistry()))
            .with("rules", rules(registry.path("replicationConfiguration").path("rules")));
    model.with("hasRules", registry.path("replicationConfiguration").path("rules").size() > 0);
    List<Model> templates = templates(r);
    model.with("templates", templates).with("hasTemplates", !templates.isEmpty());
    PullThroughPage.section(r, model);
    if (r.principal().account().equals(r.ui().defaultAccount())) {
      model.with("operator", true);
      r.ui().lastCollection().get().ifPresent(c -> model.with("collection", collection(c, r)));
    }
    r.page(200, "registry", "Registry", List.of(UiRequest.crumb("Registry", "")), model);
  }

  /**
   * The registry's repository creation templates (the first 50, ECR's quota per registry); none
   * shown to a principal who may not describe them.
   */
  private static List<Model> templates(UiRequest r) {
    var in = UiRequest.input().put("maxResults", 50);
    List<Model> out = new java.util.ArrayList<>();
    com.fasterxml.jackson.databind.JsonNode listed;
    try {
      listed = r.ecr("DescribeRepositoryCreationTemplates", in);
    } catch (dev.berth.api.awsjson.AwsCallException denied) {
      return out;
    }
    listed
        .path("repositoryCreationTemplates")
        .forEach(
            t -> {
              List<String> uses = new java.util.ArrayList<>();
              t.path("appliedFor").forEach(u -> uses.add(u.asText()));
              out.add(
                  new Model()
                      .with("prefix", t.path("prefix").asText())
                      .with("description", t.path("description").asText(""))
                      .with("appliedFor", String.join(", ", uses))
                      .with("mutability", t.path("imageTagMutability").asText("MUTABLE"))
                      .with("hasRepositoryPolicy", t.hasNonNull("repositoryPolicy"))
                      .with("hasLifecyclePolicy", t.hasNonNull("lifecyclePolicy")));
            });
    return out;
  }

  /** The replication rules as DescribeRegistry reports them, numbered from 1. */
  private static List<Model> rules(com.fasterxml.jackson.databind.JsonNode rules) {
    List<Model> out = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode rule : rules) {
      List<Model> destinations = new java.util.ArrayList<>();
      rule.path("destinations")
          .forEach(
              d ->
                  destinations.add(
                      new Model()
                          .with("region", d.path("region").asText())
                          .with("registryId", d.path("registryId").asText())));
      List<String> filters = new java.util.ArrayList<>();
      rule.path("repositoryFilters").forEach(f -> filters.add(f.path("filter").asText()));
      out.add(
          new Model()
              .with("number", out.size() + 1)
              .with("destinations", destinations)
              .with(
                  "filters", filters.isEmpty() ? "every repository" : String.join(", ", filters)));
    }
    return out;
  }

  private static Model collection(CollectionReport c, UiRequest r) {
    Duration took = Duration.between(c.startedAt(), c.finishedAt());
    return new Model()
        .with("finished", Formats.time(c.finishedAt(), r.now()))
        .with("took", took.toMillis() < 1000 ? took.toMillis() + " ms" : took.toSeconds() + " s")
        .with("reclaimed", Formats.bytes(c.bytesRemoved() + c.orphanBytes()))
        .with("blobs", c.blobsRemoved())
        .with("blobBytes", Formats.bytes(c.bytesRemoved()))
        .with("orphans", c.orphansRemoved())
        .with("orphanBytes", Formats.bytes(c.orphanBytes()))
        .with("links", c.linksExpired())
        .with("uploads", c.uploadsPurged());
  }
}
