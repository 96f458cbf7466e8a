package dev.berth.api.ui;

import dev.berth.api.awsjson.AwsCallException;
import java.util.List;

/** Create a repository, delete one (after typing its name), and its push commands. */
final class RepositoryActions {
  void createForm(UiRequest r) {
    showCreate(r, 200, "", "MUTABLE", "");
  }

  private void showCreate(UiRequest r, int status, String name, String mutability, String error) {
    r.page(
        status,
        "create-repository",
        "Create repository",
        List.of(UiRequest.crumb("Repositories", "/ui/repositories"), UiRequest.crumb("Create", "")),
        new Model()
            .with("name", name)
            .with("immutable", "IMMUTABLE".equals(mutability))
            .with("error", error)
            .with("prefix", r.registry(r.ownRegistry()) + "/")
            .with("csrf", r.session().csrf()));
  }

  void create(UiRequest r) {
    Form f = r.form();
    String name = f.text("repositoryName").strip();
    String mutability = "IMMUTABLE".equals(f.text("imageTagMutability")) ? "IMMUTABLE" : "MUTABLE";
    try {
      r.ecr(
          "CreateRepository",
          UiRequest.input().put("repositoryName", name).put("imageTagMutability", mutability));
    } catch (AwsCallException e) {
      String error = friendly(e);
      if (("InvalidParameterException".equals(e.type()) || "ValidationException".equals(e.type()))
          && e.getMessage().contains("repositoryName")) {
        error =
            "“"
                + name
                + "” is not a valid repository name: use lower-case letters and digits, with"
                + " single . _ - or / between them (for example team/app). The registry said: "
                + e.getMessage();
      }
      showCreate(r, status(e), name, mutability, error);
      return;
    }
    r.notice("ok", "Created repository " + name + ". Push an image with the commands below.");
    r.redirect(UiRequest.repoPath(name, "push"));
  }

  /** The status a page answers for a failed call: 403 when denied, else the API's own. */
  static int status(AwsCallException e) {
    return "AccessDeniedException".equals(e.type()) ? 403 : e.status();
  }

  /** ECR's message, with the exception name where it says more than the message. */
  static String friendly(AwsCallException e) {
    return switch (e.type()) {
      case "AccessDeniedException" -> "Not allowed: " + e.getMessage();
      case "RepositoryAlreadyExistsException", "InvalidParameterException", "ValidationException" ->
          e.getMessage();
      default -> e.type() + ": " + e.getMessage();
    };
  }

  void delete(UiRequest r, String name) {
    if (!name.equals(r.form().text("confirm").strip())) {
      r.notice("error", "Type the repository name to confirm deleting " + name + ".");
      r.redirect(UiRequest.repoPath(name, "settings"));
      return;
    }
    try {
      r.ecr("DeleteRepository", UiRequest.input().put("repositoryName", name).put("force", true));
    } catch (AwsCallException e) {
      if ("AccessDeniedException".equals(e.type())) {
        throw e;
      }
      r.notice("error", friendly(e));
      r.redirect(UiRequest.repoPath(name, "settings"));
      return;
    }
    r.notice("ok", "Deleted repository " + name + " and its images.");
    r.redirect("/ui/repositories");
  }

  void pushCommands(UiRequest r, String name) {
    RepoContext repo = RepoContext.load(r, name);
    String registry = r.registry(repo.repo().registry());
    String login =
        "aws ecr get-login-password --region "
            + r.region()
            + " --endpoint-url "
            + r.origin()
            + " | docker login --username AWS --password-stdin "
            + registry;
    String local = name + ":latest";
    r.page(
        200,
        "push",
        name + " · Push commands",
        repo.crumbs("Push commands"),
        new Model()
            .with("repo", repo.header(r, "push"))
            .with("login", login)
            .with("build", "docker build -t " + local + " .")
            .with("tag", "docker tag " + local + " " + repo.uri() + ":latest")
            .with("push", "docker push " + repo.uri() + ":latest")
            .with(
                "skopeo",
                "skopeo copy --dest-tls-verify=false oci:./layout:latest docker://"
                    + repo.uri()
                    + ":latest")
            .with("registry", registry)
            .with(
                "needsHosts", r.ui().addresses().needsHostsEntry(repo.repo().registry(), r.host()))
            .with("plainHttp", !r.exchange().secure())
            .with("canPush", repo.can(r, "ecr:PutImage")));
  }
}
