package dev.berth.api.ui;

import dev.berth.api.awsjson.AwsCallException;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.util.List;

/** Pages for failures: a refused form, a denied or missing resource, a rejected request. */
final class Pages {
  private Pages() {}

  /** A POST whose CSRF token is missing, stale or forged, or that came from another origin. */
  static void forbiddenForm(UiRequest r) {
    r.page(
        403,
        "message",
        "Form expired",
        List.of(),
        new Model()
            .with("heading", "This form has expired")
            .with(
                "text",
                "The form was sent without this session's security token (it may be from an older"
                    + " page or another site), so nothing was changed. Go back, reload the page and"
                    + " try again."));
  }

  static void notFound(UiRequest r, String text) {
    r.page(404, "message", "Not found", List.of(), message("Not found", text));
  }

  /** Renders an ECR API failure of a page load: denied, missing, or otherwise refused. */
  static void failure(UiRequest r, AwsCallException e) {
    switch (e.type()) {
      case "AccessDeniedException" -> denied(r, e.getMessage());
      case "RepositoryNotFoundException", "ImageNotFoundException", "LayersNotFoundException" ->
          notFound(r, e.getMessage());
      default ->
          r.page(
              e.status(),
              "message",
              "Request failed",
              List.of(),
              message("The registry refused this request", e.type() + ": " + e.getMessage()));
    }
  }

  /** Renders a domain failure of the extra reads. */
  static void failure(UiRequest r, RegistryException e) {
    switch (e.kind()) {
      case DENIED, UNAUTHORIZED -> denied(r, e.getMessage());
      case REPOSITORY_NOT_FOUND, MANIFEST_UNKNOWN, BLOB_UNKNOWN, NAME_INVALID, NOT_FOUND ->
          notFound(r, e.getMessage());
      default ->
          r.page(
              e.kind() == ErrorKind.INSUFFICIENT_STORAGE ? 507 : 400,
              "message",
              "Request failed",
              List.of(),
              message("The registry refused this request", e.getMessage()));
    }
  }

  static void denied(UiRequest r, String text) {
    r.page(
        403,
        "message",
        "Not allowed",
        List.of(),
        message("Your policies do not allow this", text)
            .with("hint", "Ask an administrator of account " + accountOf(r) + " for access."));
  }

  private static String accountOf(UiRequest r) {
    return r.principal().account().value();
  }

  private static Model message(String heading, String text) {
    return new Model().with("heading", heading).with("text", text);
  }
}
