package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryUsage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The repositories the principal may describe (DescribeRepositories), searchable by name and
 * sortable by every column, with usage where DescribeImages is allowed.
 */
final class RepositoryListPage {
  /** Listings stop here; the page says so. */
  static final int MAX_REPOSITORIES = 2000;

  private static final String[][] COLUMNS = {
    {"name", "Repository"},
    {"created", "Created"},
    {"mutability", "Tags"},
    {"images", "Images"},
    {"size", "Stored"}
  };

  private record Row(
      String name,
      String uri,
      Instant created,
      String mutability,
      Optional<RepositoryUsage> usage,
      boolean canDelete) {}

  void show(UiRequest r) {
    String query = r.exchange().query("q").orElse("").strip();
    String sort = r.exchange().query("sort").orElse("name");
    boolean desc = "desc".equals(r.exchange().query("dir").orElse("asc"));
    List<Row> rows = new ArrayList<>();
    boolean truncated = load(r, rows);
    int total = rows.size();
    String needle = query.toLowerCase(Locale.ROOT);
    List<Row> shown =
        rows.stream()
            .filter(row -> needle.isEmpty() || row.name().contains(needle))
            .sorted(desc ? comparator(sort).reversed() : comparator(sort))
            .toList();
    List<Model> items = new ArrayList<>();
    int i = 0;
    for (Row row : shown) {
      items.add(item(r, row, i++));
    }
    r.page(
        200,
        "repositories",
        "Repositories",
        List.of(),
        new Model()
            .with("rows", items)
            .with("any", total > 0)
            .with("total", total)
            .with("shownCount", shown.size())
            .with("filtered", !query.isEmpty())
            .with("query", query)
            .with("columns", columns(query, sort, desc))
            .with("truncated", truncated)
            .with("max", MAX_REPOSITORIES)
            .with("canCreate", r.ui().reads().canCreate(r.principal(), r.ownRegistry(), r.ip()))
            .with("account", r.principal().account().value())
            .with("csrf", r.session().csrf()));
  }

  private static boolean load(UiRequest r, List<Row> rows) {
    Optional<String> next = Optional.empty();
    do {
      var in = UiRequest.input().put("maxResults", 1000);
      next.ifPresent(t -> in.put("nextToken", t));
      JsonNode out = r.ecr("DescribeRepositories", in);
      for (JsonNode w : out.path("repositories")) {
        if (rows.size() >= MAX_REPOSITORIES) {
          return true;
        }
        String name = w.path("repositoryName").asText();
        Optional<Repository> repo = r.ui().reads().find(r.ownRegistry(), name);
        rows.add(
            new Row(
                name,
                RepoContext.uri(w),
                Formats.epochSeconds(w.path("createdAt").asDouble()),
                w.path("imageTagMutability").asText("MUTABLE"),
                repo.flatMap(x -> r.ui().reads().usage(r.principal(), r.ip(), x)),
                repo.map(x -> r.ui().reads().can(r.principal(), r.ip(), "ecr:DeleteRepository", x))
                    .orElse(false)));
      }
      next = Optional.ofNullable(out.path("nextToken").textValue());
    } while (next.isPresent());
    return false;
  }

  private static Comparator<Row> comparator(String sort) {
    Comparator<Row> byName = Comparator.comparing(Row::name);
    Comparator<Row> key =
        switch (sort) {
          case "created" -> Comparator.comparing(Row::created);
          case "mutability" -> Comparator.comparing(Row::mutability);
          case "images" ->
              Comparator.comparingLong(x -> x.usage().map(u -> u.imageCount()).orElse(-1L));
          case "size" ->
              Comparator.comparingLong(x -> x.usage().map(u -> u.storedBytes()).orElse(-1L));
          default -> byName;
        };
    return key.thenComparing(byName);
  }

  private static List<Model> columns(String query, String sort, boolean desc) {
    List<Model> out = new ArrayList<>();
    for (String[] c : COLUMNS) {
      boolean current = c[0].equals(sort);
      boolean nextDesc = current && !desc;
      String href =
          "/ui/repositories?sort="
              + c[0]
              + "&dir="
              + (nextDesc ? "desc" : "asc")
              + (query.isEmpty() ? "" : "&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
      out.add(
          new Model()
              .with("key", c[0])
              .with("label", c[1])
              .with("href", href)
              .with("ariaSort", current ? (desc ? "descending" : "ascending") : "none")
              .with("arrow", current ? (desc ? "▼" : "▲") : ""));
    }
    return out;
  }

  private static Model item(UiRequest r, Row row, int index) {
    Model m =
        new Model()
            .with("index", index)
            .with("name", row.name())
            .with("href", UiRequest.repoPath(row.name(), ""))
            .with("pushHref", UiRequest.repoPath(row.name(), "push"))
            .with("deleteAction", UiRequest.repoPath(row.name(), "delete"))
            .with("uri", row.uri())
            .with("created", Formats.time(row.created(), r.now()))
            .with("mutability", RepoContext.mutabilityLabel(row.mutability()))
            .with("immutable", row.mutability().startsWith("IMMUTABLE"))
            .with("canDelete", row.canDelete());
    row.usage()
        .ifPresent(
            u ->
                m.with("usage", true)
                    .with("images", u.imageCount())
                    .with("size", Formats.bytes(u.storedBytes())));
    return m;
  }
}
