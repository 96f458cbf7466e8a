package dev.berth.api.oci;

import dev.berth.address.RegistryAddresses;
import dev.berth.auth.Principal;
import dev.berth.auth.RegistryTokens;
import dev.berth.authz.RepositoryAccess;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.ErrorWriter;
import dev.berth.http.Exchange;
import dev.berth.http.Route;
import dev.berth.model.Digest;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.registry.BlobService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.MissingRepositories;
import dev.berth.registry.RepositoryService;
import dev.berth.upload.UploadService;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/** The {@code /v2/} route: resolves account and repository, then hands off to a handler. */
public final class OciApi implements Route {
  static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
  static final String API_VERSION = "registry/2.0";
  private static final String IMPORT = "ecr:BatchImportUpstreamImage";

  private final RegistryAddresses addresses;
  private final RegistryAuthenticator authenticator;
  private final RepositoryAccess access;
  private final RepositoryService repositories;
  private final MissingRepositories missing;
  private final ManifestHandler manifests;
  private final BlobHandler blobs;
  private final UploadHandler uploads;
  private final ListingHandler listings;
  private final UpstreamContent upstream;
  private final PublicHost publicHost;
  private final PublicRegistryRoute publicRoute;

  /**
   * The route; pulls of repositories {@code upstream} covers are filled from it ({@link
   * UpstreamContent#none()} for none); requests to {@code publicHost} are for public registries.
   */
  public OciApi(
      RegistryAddresses addresses,
      RepositoryService repositories,
      ManifestService manifestService,
      BlobService blobService,
      UploadService uploadService,
      long minChunkLength,
      RegistryTokens tokens,
      RepositoryAccess access,
      MissingRepositories missing,
      UpstreamContent upstream,
      PublicHost publicHost) {
    this.upstream = upstream;
    this.publicHost = publicHost;
    this.access = access;
    this.missing = missing;
    this.addresses = addresses;
    this.authenticator = new RegistryAuthenticator(tokens, access);
    this.repositories = repositories;
    this.manifests = new ManifestHandler(manifestService);
    this.blobs = new BlobHandler(blobService);
    this.uploads = new UploadHandler(uploadService, minChunkLength);
    this.listings = new ListingHandler(repositories, manifestService, tokens.pages());
    this.publicRoute =
        new PublicRegistryRoute(
            publicHost,
            new PublicAuthenticator(tokens, access),
            access,
            repositories,
            manifests,
            blobs,
            uploads,
            listings);
  }

  /**
   * Writes failures on this route as OCI error envelopes; a 401 of the public host challenges the
   * client to get a bearer token from its token service ({@link PublicTokenRoute}).
   */
  public static ErrorWriter errors(PublicHost publicHost) {
    return (ex, failure) ->
        OciErrors.write(
            ex,
            failure,
            publicHost.serves(ex.header("Host").orElse(ex.host()))
                ? PublicTokenRoute.challenge(ex, publicHost)
                : OciErrors.BASIC_CHALLENGE);
  }

  @Override
  public void handle(Exchange ex) {
    ex.header(API_VERSION_HEADER, API_VERSION);
    Optional<OciPath> parsed = OciPath.parse(ex.path());
    parsed.ifPresent(
        p -> {
          ex.notes().operation(p.operation(ex.method()));
          if (!p.name().isEmpty()) {
            ex.notes().repository(p.name());
          }
        });
    if (publicHost.serves(ex.header("Host").orElse(ex.host()))) {
      publicRoute.handle(ex, parsed);
      return;
    }
    addresses
        .unservedRegion(ex.host())
        .ifPresent(
            region -> {
              throw new RegistryException(
                  ErrorKind.DENIED, "This deployment does not serve the region " + region);
            });
    RegistryId registry = addresses.registryOf(ex.host());
    Optional<RegistryAuthenticator.BlobRead> blobRead =
        parsed
            .filter(p -> p.kind() == OciPath.Kind.BLOB)
            .filter(p -> "GET".equals(ex.method()) || "HEAD".equals(ex.method()))
            .map(p -> new RegistryAuthenticator.BlobRead(registry, p.name(), p.argument()));
    Principal principal = authenticator.authenticate(ex, blobRead);
    ex.notes().principal(principal.arn());
    OciPath path =
        parsed.orElseThrow(
            () -> new RegistryException(ErrorKind.NOT_FOUND, "no such endpoint: " + ex.path()));
    switch (path.kind()) {
      case BASE -> {
        if (allowed(ex, "GET", "HEAD")) {
          ownRegistry(principal, registry);
          ex.status(200).send("application/json", "{}".getBytes(StandardCharsets.UTF_8));
        }
      }
      case CATALOG -> {
        if (allowed(ex, "GET")) {
          ownRegistry(principal, registry);
          listings.catalog(
              ex,
              registry,
              principal,
              r -> access.allowed(principal, ex.remoteAddress(), "ecr:DescribeRepositories", r));
        }
      }
      case MANIFEST -> {
        if (allowed(ex, "GET", "HEAD", "PUT", "DELETE")) {
          String action =
              switch (ex.method()) {
                case "PUT" -> "ecr:PutImage";
                case "DELETE" -> "ecr:BatchDeleteImage";
                default -> "ecr:BatchGetImage";
              };
          Repository repo =
              "PUT".equals(ex.method())
                  ? pushTarget(ex, principal, registry, path.name(), action)
                  : pulled(ex, principal, registry, path.name(), action);
          Optional<UpstreamContent.Manifest> fetched =
              "PUT".equals(ex.method()) || "DELETE".equals(ex.method())
                  ? Optional.empty()
                  : Reference.parse(path.argument())
                      .flatMap(r -> upstream.manifest(repo, r, importCheck(ex, principal, repo)));
          manifests.handle(ex, repo, path.argument(), principal.sourceArn(), fetched);
        }
      }
      case BLOB -> {
        if (allowed(ex, "GET", "HEAD", "DELETE")) {
          String action =
              switch (ex.method()) {
                case "GET" -> "ecr:GetDownloadUrlForLayer";
                case "HEAD" -> "ecr:BatchCheckLayerAvailability";
                default -> "ecr:BatchDeleteImage";
              };
          Repository repo = pulled(ex, principal, registry, path.name(), action);
          Optional<UpstreamContent.Blob> arriving =
              "DELETE".equals(ex.method())
                  ? Optional.empty()
                  : Digest.parse(path.argument())
                      .flatMap(d -> upstream.blob(repo, d, importCheck(ex, principal, repo)));
          blobs.handle(ex, repo, path.argument(), arriving);
        }
      }
      case UPLOADS -> {
        if (allowed(ex, "POST")) {
          Repository target =
              pushTarget(ex, principal, registry, path.name(), "ecr:InitiateLayerUpload");
          uploads.start(
              ex,
              target,
              principal.sourceArn(),
              from -> readableSource(ex, principal, registry, from));
        }
      }
      case UPLOAD -> {
        if (allowed(ex, "GET", "PATCH", "PUT", "DELETE")) {
          String action =
              "PUT".equals(ex.method()) ? "ecr:CompleteLayerUpload" : "ecr:UploadLayerPart";
          uploads.handle(
              ex, repository(ex, principal, registry, path.name(), action), path.argument());
        }
      }
      case TAGS -> {
        if (allowed(ex, "GET")) {
          listings.tags(ex, repository(ex, principal, registry, path.name(), "ecr:ListImages"));
        }
      }
      case REFERRERS -> {
        if (allowed(ex, "GET")) {
          listings.referrers(
              ex,
              repository(ex, principal, registry, path.name(), "ecr:BatchGetImage"),
              path.argument());
        }
      }
    }
  }

  /** The named repository once {@code action} on it is allowed to the principal. */
  private Repository repository(
      Exchange ex, Principal principal, RegistryId registry, String name, String action) {
    RepositoryName repoName = RepositoryService.name(name);
    Optional<Repository> repo = repositories.find(registry, repoName);
    access.check(principal, ex.remoteAddress(), action, registry, repoName, repo);
    return repo.orElseGet(() -> repositories.get(registry, repoName));
  }

  /**
   * The repository the first request of a push names, once {@code action} on it is allowed; a
   * missing one is created when a push creates it ({@link MissingRepositories}) and the principal
   * may {@code ecr:CreateRepository} it, else {@code NAME_UNKNOWN} as for any other request.
   */
  private Repository pushTarget(
      Exchange ex, Principal principal, RegistryId registry, String name, String action) {
    RepositoryName repoName = RepositoryService.name(name);
    Optional<Repository> repo = repositories.find(registry, repoName);
    access.check(principal, ex.remoteAddress(), action, registry, repoName, repo);
    return repo.orElseGet(
        () ->
            missing.forPush(
                registry,
                repoName,
                () ->
                    access.check(
                        principal,
                        ex.remoteAddress(),
                        "ecr:CreateRepository",
                        registry,
                        repoName,
                        Optional.empty())));
  }

  /**
   * As {@link #repository}, for a pull: a missing repository an upstream covers is created when the
   * principal may also create it and import into it ({@code ecr:CreateRepository} and {@code
   * ecr:BatchImportUpstreamImage}, as ECR requires of a first pull through a cache rule).
   */
  private Repository pulled(
      Exchange ex, Principal principal, RegistryId registry, String name, String action) {
    RepositoryName repoName = RepositoryService.name(name);
    if (!"PUT".equals(ex.method())
        && !"DELETE".equals(ex.method())
        && repositories.find(registry, repoName).isEmpty()
        && upstream.covers(registry, repoName)) {
      for (String a : new String[] {action, "ecr:CreateRepository", IMPORT}) {
        access.check(principal, ex.remoteAddress(), a, registry, repoName, Optional.empty());
      }
      return upstream.createRepository(registry, repoName);
    }
    return repository(ex, principal, registry, name, action);
  }

  private Runnable importCheck(Exchange ex, Principal principal, Repository repo) {
    return () ->
        access.check(
            principal, ex.remoteAddress(), IMPORT, repo.registry(), repo.name(), Optional.of(repo));
  }

  /** A mount source the principal may pull layers from, else empty (the push falls back). */
  private Optional<Repository> readableSource(
      Exchange ex, Principal principal, RegistryId registry, String from) {
    Optional<RepositoryName> name = RepositoryName.parse(from).map(RepositoryName::new);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Optional<Repository> repo = repositories.find(registry, name.get());
    return repo.filter(
        r -> access.allowed(principal, ex.remoteAddress(), "ecr:GetDownloadUrlForLayer", r));
  }

  /** The base endpoint and catalog belong to the principal's own registry only. */
  private static void ownRegistry(Principal principal, RegistryId registry) {
    if (!principal.account().equals(registry.account())) {
      throw new RegistryException(
          ErrorKind.DENIED,
          "User: "
              + principal.arn()
              + " is not authorized to access the registry of account "
              + registry.account().value());
    }
  }

  /**
   * Whether the endpoint takes the request's method; if not, answers 405 with the {@code Allow}
   * header RFC 9110 requires (written here, as headers set before a throw are discarded).
   */
  static boolean allowed(Exchange ex, String... methods) {
    if (Set.of(methods).contains(ex.method())) {
      return true;
    }
    ex.header("Allow", String.join(", ", methods));
    OciErrors.write(
        ex,
        new RegistryException(
            ErrorKind.UNSUPPORTED, "method " + ex.method() + " is not allowed here"));
    return false;
  }
}
