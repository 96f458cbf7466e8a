package dev.berth.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.RepositoryName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A registry's replication configuration: ECR's rules, in order. */
public record ReplicationConfiguration(List<ReplicationConfiguration.Rule> rules) {
  /** The configuration of a registry that has none. */
  public static final ReplicationConfiguration NONE = new ReplicationConfiguration(List.of());

  public ReplicationConfiguration {
    rules = List.copyOf(rules);
  }

  /**
   * One rule: where images go, and (by {@code PREFIX_MATCH} filters) of which repositories; no
   * filter means every repository.
   */
  public record Rule(List<RegistryId> destinations, List<String> prefixes) {
    public Rule {
      destinations = List.copyOf(destinations);
      prefixes = List.copyOf(prefixes);
    }

    boolean matches(RepositoryName name) {
      return prefixes.isEmpty() || prefixes.stream().anyMatch(p -> name.value().startsWith(p));
    }
  }

  /** The destinations of every rule matching the repository, each once, in rule order. */
  public Set<RegistryId> destinationsOf(RepositoryName name) {
    Set<RegistryId> out = new LinkedHashSet<>();
    rules.stream().filter(r -> r.matches(name)).forEach(r -> out.addAll(r.destinations()));
    return out;
  }

  /** Every destination of every rule, each once. */
  public Set<RegistryId> destinations() {
    Set<RegistryId> out = new LinkedHashSet<>();
    rules.forEach(r -> out.addAll(r.destinations()));
    return out;
  }

  /** ECR's wire shape, {@code {"rules":[{"destinations":[...],"repositoryFilters":[...]}]}}. */
  public ObjectNode toJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    ArrayNode rulesNode = root.putArray("rules");
    for (Rule rule : rules) {
      ObjectNode r = rulesNode.addObject();
      ArrayNode destinations = r.putArray("destinations");
      rule.destinations()
          .forEach(
              d ->
                  destinations
                      .addObject()
                      .put("region", d.region())
                      .put("registryId", d.account().value()));
      if (!rule.prefixes().isEmpty()) {
        ArrayNode filters = r.putArray("repositoryFilters");
        rule.prefixes()
            .forEach(p -> filters.addObject().put("filter", p).put("filterType", "PREFIX_MATCH"));
      }
    }
    return root;
  }

  /**
   * Reads ECR's wire shape, already checked against the API model (required members, enums,
   * patterns); what the model cannot say is checked by {@link ReplicationService#put}.
   */
  public static ReplicationConfiguration fromJson(JsonNode node) {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode r : node.path("rules")) {
      List<RegistryId> destinations = new ArrayList<>();
      for (JsonNode d : r.path("destinations")) {
        String region = d.path("region").asText();
        if (!RegistryId.isRegionName(region)) {
          throw new RegistryException(
              ErrorKind.INVALID_PARAMETER,
              "Invalid parameter at 'replicationConfiguration' failed to satisfy constraint: '"
                  + region
                  + "' is not a region name");
        }
        destinations.add(new RegistryId(new AccountId(d.path("registryId").asText()), region));
      }
      List<String> prefixes = new ArrayList<>();
      r.path("repositoryFilters").forEach(f -> prefixes.add(f.path("filter").asText()));
      rules.add(new Rule(destinations, prefixes));
    }
    return new ReplicationConfiguration(rules);
  }
}
