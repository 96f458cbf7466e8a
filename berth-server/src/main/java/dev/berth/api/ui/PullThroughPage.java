package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.awsjson.AwsCallException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pull-through cache rules of the signed-in account's registry in the region the pages show:
 * the list on the registry page, a create form, and a validate and a delete action per rule. Each
 * is the ECR operation of the same name called as the signed-in principal, so input checks, error
 * messages and authorization ({@code ecr:<Operation>} on the registry) are the API's own; the
 * {@code can*} flags only hide controls the principal may not use.
 */
final class PullThroughPage {
  static final String BASE = "/ui/registry/pull-through-rules";
  static final String CREATE = BASE + "/create";
  static final String VALIDATE = BASE + "/validate";
  static final String DELETE = BASE + "/delete";
  private static final String PREFIX = "ecrRepositoryPrefix";
  private static final String URL = "upstreamRegistryUrl";
  private static final String UPSTREAM_PREFIX = "upstreamRepositoryPrefix";
  private static final String CREDENTIAL = "credentialArn";

  /** Handles the path; false when no page lives there. */
  boolean handle(UiRequest r, String path, boolean post) {
    switch (path) {
      case CREATE -> {
        if (post) {
          create(r);
        } else {
          showCreate(r, 200, Form.empty(), "", "");
        }
      }
      case VALIDATE -> {
        if (!post) {
          return false;
        }
        validate(r);
      }
      case DELETE -> {
        if (!post) {
          return false;
        }
        delete(r);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds the rules section to the registry page's model: the registry's rules (its quota is 50, so
   * one page of DescribePullThroughCacheRules holds them all), or that the principal may not list
   * them.
   */
  static void section(UiRequest r, Model model) {
    boolean canValidate = can(r, "ecr:ValidatePullThroughCacheRule");
    boolean canDelete = can(r, "ecr:DeletePullThroughCacheRule");
    List<Model> rows = new ArrayList<>();
    boolean listed = true;
    try {
      JsonNode out =
          r.ecr("DescribePullThroughCacheRules", UiRequest.input().put("maxResults", 100));
      for (JsonNode rule : out.path("pullThroughCacheRules")) {
        rows.add(row(r, rule, rows.size(), canValidate, canDelete));
      }
    } catch (AwsCallException e) {
      if (!"AccessDeniedException".equals(e.type())) {
        throw e;
      }
      listed = false;
    }
    model
        .with("pullThroughRules", rows)
        .with("hasPullThroughRules", !rows.isEmpty())
        .with("pullThroughListed", listed)
        .with("canCreatePullThrough", can(r, "ecr:CreatePullThroughCacheRule"))
        .with("createPullThroughHref", CREATE)
        .with("csrf", r.session().csrf());
  }

  private static Model row(
      UiRequest r, JsonNode rule, int index, boolean canValidate, boolean canDelete) {
    Model m =
        new Model()
            .with("index", index)
            .with("prefix", rule.path(PREFIX).asText())
            .with("url", rule.path(URL).asText())
            .with("upstreamPrefix", rule.path(UPSTREAM_PREFIX).asText("ROOT"))
            .with("credentialArn", rule.path(CREDENTIAL).asText(""))
            .with(
                "created",
                Formats.time(Formats.epochSeconds(rule.path("createdAt").asDouble()), r.now()))
            .with("validateAction", VALIDATE)
            .with("deleteAction", DELETE)
            .with("canValidate", canValidate)
            .with("canDelete", canDelete);
    if (rule.hasNonNull("updatedAt")) {
      m.with(
          "updated",
          Formats.time(Formats.epochSeconds(rule.path("updatedAt").asDouble()), r.now()));
    }
    return m;
  }

  /** Whether the principal may run {@code action} on the registry (to show or hide a control). */
  private static boolean can(UiRequest r, String action) {
    return r.ui().reads().canOnRegistry(r.principal(), r.ip(), action, r.ownRegistry());
  }

  /** The form, filled with what was sent and the API's complaint beside the field it names. */
  private static void showCreate(UiRequest r, int status, Form f, String error, String field) {
    r.page(
        status,
        "create-pull-through-rule",
        "Create pull-through cache rule",
        List.of(
            UiRequest.crumb("Registry", "/ui/registry"),
            UiRequest.crumb("Create pull-through cache rule", "")),
        new Model()
            .with("prefix", f.text(PREFIX))
            .with("url", f.text(URL))
            .with("upstreamPrefix", f.text(UPSTREAM_PREFIX))
            .with("credentialArn", f.text(CREDENTIAL))
            .with("error", error)
            .with("prefixInvalid", PREFIX.equals(field))
            .with("urlInvalid", URL.equals(field))
            .with("upstreamPrefixInvalid", UPSTREAM_PREFIX.equals(field))
            .with("credentialInvalid", CREDENTIAL.equals(field))
            .with("formError", field.isEmpty() && !error.isEmpty())
            .with("registry", r.registry(r.ownRegistry()))
            .with("region", r.region())
            .with("action", CREATE)
            .with("csrf", r.session().csrf()));
  }

  /** The form field an API failure is about, or empty when it names none. */
  private static String field(AwsCallException e) {
    String message = e.getMessage();
    return switch (e.type()) {
      case "UnsupportedUpstreamRegistryException" -> URL;
      case "SecretNotFoundException",
          "UnableToAccessSecretException",
          "UnableToDecryptSecretValueException" ->
          CREDENTIAL;
      case "PullThroughCacheRuleAlreadyExistsException" -> PREFIX;
      default -> {
        for (String name : List.of(UPSTREAM_PREFIX, PREFIX, URL, CREDENTIAL)) {
          if (message.contains(name)) {
            yield name;
          }
        }
        yield "";
      }
    };
  }

  private static void create(UiRequest r) {
    Form f = r.form();
    ObjectNode in =
        UiRequest.input().put(PREFIX, f.text(PREFIX).strip()).put(URL, f.text(URL).strip());
    for (String optional : List.of(UPSTREAM_PREFIX, CREDENTIAL)) {
      String value = f.text(optional).strip();
      if (!value.isEmpty()) {
        in.put(optional, value);
      }
    }
    JsonNode created;
    try {
      created = r.ecr("CreatePullThroughCacheRule", in);
    } catch (AwsCallException e) {
      showCreate(r, RepositoryActions.status(e), f, RepositoryActions.friendly(e), field(e));
      return;
    }
    r.notice(
        "ok",
        "Created the pull-through cache rule "
            + created.path(PREFIX).asText()
            + ": the first pull of "
            + names(created.path(PREFIX).asText())
            + " fetches "
            + names(created.path(UPSTREAM_PREFIX).asText("ROOT"))
            + " from "
            + created.path(URL).asText()
            + ".");
    r.redirect("/ui/registry#pull-through");
  }

  /** The repository names a prefix stands for, as people read them: {@code hub/<name>}. */
  private static String names(String prefix) {
    return ("ROOT".equals(prefix) ? "" : prefix + "/") + "<name>";
  }

  /** ValidatePullThroughCacheRule, its answer shown on the registry page. */
  private static void validate(UiRequest r) {
    String prefix = r.form().text(PREFIX);
    JsonNode out;
    try {
      out = r.ecr("ValidatePullThroughCacheRule", UiRequest.input().put(PREFIX, prefix));
    } catch (AwsCallException e) {
      if ("AccessDeniedException".equals(e.type())) {
        throw e;
      }
      r.notice("error", RepositoryActions.friendly(e));
      r.redirect("/ui/registry#pull-through");
      return;
    }
    if (out.path("isValid").asBoolean()) {
      r.notice(
          "ok",
          "The pull-through cache rule "
              + prefix
              + " is valid: "
              + out.path(URL).asText()
              + (out.hasNonNull(CREDENTIAL)
                  ? " answered and accepted the rule's credentials."
                  : " answered."));
    } else {
      r.notice(
          "error",
          "The pull-through cache rule "
              + prefix
              + " is not valid: "
              + out.path("failure").asText("the upstream could not be reached"));
    }
    r.redirect("/ui/registry#pull-through");
  }

  private static void delete(UiRequest r) {
    String prefix = r.form().text(PREFIX);
    try {
      r.ecr("DeletePullThroughCacheRule", UiRequest.input().put(PREFIX, prefix));
    } catch (AwsCallException e) {
      if ("AccessDeniedException".equals(e.type())) {
        throw e;
      }
      r.notice("error", RepositoryActions.friendly(e));
      r.redirect("/ui/registry#pull-through");
      return;
    }
    r.notice(
        "ok",
        "Deleted the pull-through cache rule "
            + prefix
            + ". Repositories it created stay, with their images.");
    r.redirect("/ui/registry#pull-through");
  }
}
