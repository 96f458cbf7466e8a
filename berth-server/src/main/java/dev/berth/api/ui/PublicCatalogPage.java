package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.awsjson.AwsCallException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The signed-in account's public registry (ECR Public): its repositories with their gallery pages,
 * a create form, and the catalog data editor. Each action is the ECR Public operation of the same
 * name called as the signed-in principal, so checks, messages and authorization ({@code
 * ecr-public:<Operation>}) are the API's own.
 */
final class PublicCatalogPage {
  static final String BASE = "/ui/public";
  static final String CREATE = BASE + "/create";
  static final String EDIT = BASE + "/edit";
  static final String ALIAS = BASE + "/alias";
  private static final List<String> TEXTS = List.of("description", "aboutText", "usageText");
  private static final List<String> LISTS = List.of("architectures", "operatingSystems");

  /** Handles the path; false when no page lives there. */
  boolean handle(UiRequest r, String path, boolean post) {
    switch (path) {
      case BASE -> {
        if (post) {
          return false;
        }
        list(r);
      }
      case CREATE -> {
        if (!post) {
          return false;
        }
        create(r);
      }
      case ALIAS -> {
        if (!post) {
          return false;
        }
        changeAlias(r);
      }
      case EDIT -> {
        if (post) {
          save(r);
        } else {
          String name = r.query("name");
          edit(r, name, catalog(r, name), "");
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private static void list(UiRequest r) {
    List<Model> rows = new ArrayList<>();
    boolean listed = true;
    String registryUri = "";
    String alias = "";
    try {
      registryUri =
          r.ecrPublic("DescribeRegistries", UiRequest.input())
              .path("registries")
              .path(0)
              .path("registryUri")
              .asText("");
      alias = registryUri.substring(registryUri.lastIndexOf('/') + 1);
      JsonNode out = r.ecrPublic("DescribeRepositories", UiRequest.input().put("maxResults", 1000));
      for (JsonNode repo : out.path("repositories")) {
        String name = repo.path("repositoryName").asText();
        String uri = repo.path("repositoryUri").asText();
        rows.add(
            new Model()
                .with("name", name)
                .with("uri", uri)
                .with("galleryHref", "/gallery/" + uri.substring(uri.indexOf('/') + 1))
                .with(
                    "editHref", EDIT + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)));
      }
    } catch (AwsCallException e) {
      if (!"AccessDeniedException".equals(e.type())) {
        throw e;
      }
      listed = false;
    }
    r.page(
        200,
        "public-repositories",
        "Public repositories",
        List.of(UiRequest.crumb("Public repositories", "")),
        new Model()
            .with("repositories", rows)
            .with("hasRepositories", !rows.isEmpty())
            .with("listed", listed)
            .with("registryUri", registryUri)
            .with("alias", alias)
            .with("aliasAction", ALIAS)
            .with("csrf", r.session().csrf()));
  }

  /**
   * A new alias for the registry, for a principal who may change its catalog data ({@code
   * ecr-public:PutRegistryCatalogData}): the console's "edit alias", which no API operation does.
   */
  private static void changeAlias(UiRequest r) {
    String alias = r.form().text("alias").strip();
    dev.berth.model.RegistryId registry =
        dev.berth.model.RegistryId.publicRegistry(r.principal().account());
    if (!r.ui()
        .reads()
        .canOnRegistry(r.principal(), r.ip(), "ecr-public:PutRegistryCatalogData", registry)) {
      r.notice(
          "error",
          "You may not change the alias: it needs ecr-public:PutRegistryCatalogData on "
              + registry.registryArn()
              + ".");
    } else {
      try {
        r.ui().aliases().change(r.principal().account(), alias);
        r.notice("ok", "The public registry's alias is now " + alias + ".");
      } catch (dev.berth.error.RegistryException e) {
        r.notice("error", e.getMessage());
      }
    }
    r.redirect(BASE);
  }

  private static void create(UiRequest r) {
    String name = r.form().text("repositoryName").strip();
    try {
      r.ecrPublic("CreateRepository", UiRequest.input().put("repositoryName", name));
    } catch (AwsCallException e) {
      r.notice("error", RepositoryActions.friendly(e));
      r.redirect(BASE);
      return;
    }
    r.notice("ok", "Created public repository " + name + ".");
    r.redirect(EDIT + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
  }

  /** The repository's catalog data; empty when it has none yet. */
  private static JsonNode catalog(UiRequest r, String name) {
    try {
      return r.ecrPublic("GetRepositoryCatalogData", UiRequest.input().put("repositoryName", name))
          .path("catalogData");
    } catch (AwsCallException e) {
      if ("RepositoryCatalogDataNotFoundException".equals(e.type())) {
        return UiRequest.input();
      }
      throw e;
    }
  }

  private static void edit(UiRequest r, String name, JsonNode catalog, String error) {
    Model m =
        new Model()
            .with("name", name)
            .with("galleryHref", "/gallery?q=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
            .with("error", error)
            .with("csrf", r.session().csrf());
    for (String field : TEXTS) {
      m.with(field, catalog.path(field).asText(""));
    }
    for (String field : LISTS) {
      List<String> values = new ArrayList<>();
      catalog.path(field).forEach(v -> values.add(v.asText()));
      m.with(field, String.join(", ", values));
    }
    r.page(
        error.isEmpty() ? 200 : 400,
        "public-catalog",
        "Catalog data of " + name,
        List.of(UiRequest.crumb("Public repositories", BASE), UiRequest.crumb(name, "")),
        m);
  }

  private static void save(UiRequest r) {
    Form f = r.form();
    String name = f.text("repositoryName");
    ObjectNode data = UiRequest.input();
    for (String field : TEXTS) {
      data.put(field, f.text(field));
    }
    for (String field : LISTS) {
      ArrayNode values = data.putArray(field);
      for (String part : f.text(field).split(",", -1)) {
        if (!part.isBlank()) {
          values.add(part.strip());
        }
      }
    }
    try {
      r.ecrPublic(
          "PutRepositoryCatalogData",
          UiRequest.input().put("repositoryName", name).set("catalogData", data));
    } catch (AwsCallException e) {
      edit(r, name, data, RepositoryActions.friendly(e));
      return;
    }
    r.notice("ok", "Saved the catalog data of " + name + ".");
    r.redirect(EDIT + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
  }
}
