package dev.berth.api.oci;

import dev.berth.auth.Principal;
import dev.berth.authz.RepositoryAccess;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.registry.RepositoryService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code /v2/} on the public host: {@code <alias>/<repository>} of public registries only (a
 * private repository is never reachable here, whatever its name). Anyone holding a token of the
 * token service pulls, within the pull quota of their address (anonymous) or principal; pushes and
 * deletes need an ECR Public login and the {@code ecr-public:} action on the repository.
 */
final class PublicRegistryRoute {
  private final PublicHost host;
  private final PublicAuthenticator authenticator;
  private final RepositoryAccess access;
  private final RepositoryService repositories;
  private final ManifestHandler manifests;
  private final BlobHandler blobs;
  private final UploadHandler uploads;
  private final ListingHandler listings;

  PublicRegistryRoute(
      PublicHost host,
      PublicAuthenticator authenticator,
      RepositoryAccess access,
      RepositoryService repositories,
      ManifestHandler manifests,
      BlobHandler blobs,
      UploadHandler uploads,
      ListingHandler listings) {
    this.host = host;
    this.authenticator = authenticator;
    this.access = access;
    this.repositories = repositories;
    this.manifests = manifests;
    this.blobs = blobs;
    this.uploads = uploads;
    this.listings = listings;
  }

  void handle(Exchange ex, Optional<OciPath> parsed) {
    Optional<Principal> principal = authenticator.authenticate(ex);
    principal.ifPresentOrElse(
        p -> ex.notes().principal(p.arn()), () -> ex.notes().principal("anonymous"));
    OciPath path =
        parsed.orElseThrow(
            () -> new RegistryException(ErrorKind.NOT_FOUND, "no such endpoint: " + ex.path()));
    if (path.kind() == OciPath.Kind.BASE) {
      if (OciApi.allowed(ex, "GET", "HEAD")) {
        ex.status(200).send("application/json", "{}".getBytes(StandardCharsets.UTF_8));
      }
      return;
    }
    if (path.kind() == OciPath.Kind.CATALOG) {
      throw new RegistryException(
          ErrorKind.UNSUPPORTED, "the public host has no catalog; search the gallery instead");
    }
    Target target = target(path.name());
    switch (path.kind()) {
      case MANIFEST -> {
        if (OciApi.allowed(ex, "GET", "HEAD", "PUT", "DELETE")) {
          Repository repo =
              switch (ex.method()) {
                case "PUT" -> writable(ex, principal, target, "PutImage");
                case "DELETE" -> writable(ex, principal, target, "BatchDeleteImage");
                default -> readable(target);
              };
          boolean pull = "GET".equals(ex.method());
          if (pull && !admitted(ex, principal)) {
            return;
          }
          manifests.handle(
              ex,
              repo,
              path.argument(),
              principal.map(Principal::sourceArn).orElse("anonymous"),
              Optional.empty());
          if (pull) {
            host.pulled(repo);
          }
        }
      }
      case BLOB -> {
        if (OciApi.allowed(ex, "GET", "HEAD", "DELETE")) {
          Repository repo =
              "DELETE".equals(ex.method())
                  ? writable(ex, principal, target, "BatchDeleteImage")
                  : readable(target);
          blobs.handle(ex, repo, path.argument(), Optional.empty());
        }
      }
      case UPLOADS -> {
        if (OciApi.allowed(ex, "POST")) {
          Repository repo = writable(ex, principal, target, "InitiateLayerUpload");
          uploads.start(ex, repo, principal.orElseThrow().sourceArn(), from -> Optional.empty());
        }
      }
      case UPLOAD -> {
        if (OciApi.allowed(ex, "GET", "PATCH", "PUT", "DELETE")) {
          String action = "PUT".equals(ex.method()) ? "CompleteLayerUpload" : "UploadLayerPart";
          uploads.handle(ex, writable(ex, principal, target, action), path.argument());
        }
      }
      case TAGS -> {
        if (OciApi.allowed(ex, "GET")) {
          listings.tags(ex, readable(target));
        }
      }
      case REFERRERS -> {
        if (OciApi.allowed(ex, "GET")) {
          listings.referrers(ex, readable(target), path.argument());
        }
      }
      default -> throw new IllegalStateException("unrouted " + path.kind());
    }
  }

  /** A repository of a public registry: the alias, then the repository's name. */
  private record Target(RegistryId registry, RepositoryName name) {}

  private Target target(String urlName) {
    int slash = urlName.indexOf('/');
    Optional<AccountId> account =
        slash > 0 ? host.account(urlName.substring(0, slash)) : Optional.empty();
    if (account.isEmpty()) {
      throw new RegistryException(
          ErrorKind.REPOSITORY_NOT_FOUND,
          "repository name not known to registry: '"
              + urlName
              + "' (names on the public host are <registry alias>/<repository>)",
          java.util.Map.of("name", urlName));
    }
    return new Target(
        RegistryId.publicRegistry(account.get()),
        RepositoryService.name(urlName.substring(slash + 1)));
  }

  /** Pulls need no permission: a public repository is readable by anyone. */
  private Repository readable(Target target) {
    return repositories.get(target.registry(), target.name());
  }

  private Repository writable(
      Exchange ex, Optional<Principal> principal, Target target, String operation) {
    Principal p =
        principal.orElseThrow(
            () ->
                new RegistryException(
                    ErrorKind.UNAUTHORIZED,
                    "pushing needs credentials: log in with the password from"
                        + " 'aws ecr-public get-login-password' and user name AWS"));
    Optional<Repository> repo = repositories.find(target.registry(), target.name());
    access.check(
        p,
        ex.remoteAddress(),
        target.registry().action(operation),
        target.registry(),
        target.name(),
        repo);
    return repo.orElseGet(() -> repositories.get(target.registry(), target.name()));
  }

  /**
   * Whether the client's pull quota admits a manifest pull; if not, answers {@code TOOMANYREQUESTS}
   * with {@code Retry-After} (written here: headers set before a throw are discarded).
   */
  private boolean admitted(Exchange ex, Optional<Principal> principal) {
    Optional<Duration> wait =
        host.admitPull(
            principal.map(Principal::arn).orElse(ex.remoteAddress()), principal.isEmpty());
    if (wait.isEmpty()) {
      return true;
    }
    long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
    ex.header("Retry-After", Long.toString(seconds));
    OciErrors.write(
        ex,
        new RegistryException(
            ErrorKind.LIMIT_EXCEEDED,
            "Rate exceeded: too many pulls from "
                + (principal.isEmpty() ? "this address without credentials" : "this principal")
                + "; retry after "
                + seconds
                + " s"));
    return false;
  }
}
