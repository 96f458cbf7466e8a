package dev.berth.api.oci;

import dev.berth.auth.RegistryTokens;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.ErrorWriter;
import dev.berth.http.Exchange;
import dev.berth.http.Route;
import dev.berth.model.AccountId;
import dev.berth.model.Repository;
import dev.berth.registry.BlobService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;
import dev.berth.upload.UploadService;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/** The {@code /v2/} route: resolves account and repository, then hands off to a handler. */
public final class OciApi implements Route {
  static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
  static final String API_VERSION = "registry/2.0";

  private final AccountResolver accounts;
  private final RegistryAuthenticator authenticator;
  private final RepositoryService repositories;
  private final ManifestHandler manifests;
  private final BlobHandler blobs;
  private final UploadHandler uploads;
  private final ListingHandler listings;

  public OciApi(
      String region,
      String domain,
      AccountId defaultAccount,
      RepositoryService repositories,
      ManifestService manifestService,
      BlobService blobService,
      UploadService uploadService,
      long minChunkLength,
      RegistryTokens tokens) {
    this.accounts = new AccountResolver(region, domain, defaultAccount);
    this.authenticator = new RegistryAuthenticator(tokens);
    this.repositories = repositories;
    this.manifests = new ManifestHandler(manifestService);
    this.blobs = new BlobHandler(blobService);
    this.uploads = new UploadHandler(uploadService, repositories, minChunkLength);
    this.listings = new ListingHandler(repositories, manifestService);
  }

  /** Writes failures on this route as OCI error envelopes. */
  public static ErrorWriter errors() {
    return OciErrors::write;
  }

  @Override
  public void handle(Exchange ex) {
    ex.header(API_VERSION_HEADER, API_VERSION);
    Optional<OciPath> parsed = OciPath.parse(ex.path());
    AccountId account = accounts.resolve(ex.host());
    boolean blobRead =
        parsed.map(p -> p.kind() == OciPath.Kind.BLOB).orElse(false)
            && ("GET".equals(ex.method()) || "HEAD".equals(ex.method()));
    authenticator.authenticate(ex, account, blobRead);
    OciPath path =
        parsed.orElseThrow(
            () -> new RegistryException(ErrorKind.NOT_FOUND, "no such endpoint: " + ex.path()));
    switch (path.kind()) {
      case BASE -> {
        if (allowed(ex, "GET", "HEAD")) {
          ex.status(200).send("application/json", "{}".getBytes(StandardCharsets.UTF_8));
        }
      }
      case CATALOG -> {
        if (allowed(ex, "GET")) {
          listings.catalog(ex, account);
        }
      }
      case MANIFEST -> {
        if (allowed(ex, "GET", "HEAD", "PUT", "DELETE")) {
          manifests.handle(ex, repository(account, path.name()), path.argument());
        }
      }
      case BLOB -> {
        if (allowed(ex, "GET", "HEAD", "DELETE")) {
          blobs.handle(ex, repository(account, path.name()), path.argument());
        }
      }
      case UPLOADS -> {
        if (allowed(ex, "POST")) {
          uploads.start(ex, repository(account, path.name()));
        }
      }
      case UPLOAD -> {
        if (allowed(ex, "GET", "PATCH", "PUT", "DELETE")) {
          uploads.handle(ex, repository(account, path.name()), path.argument());
        }
      }
      case TAGS -> {
        if (allowed(ex, "GET")) {
          listings.tags(ex, repository(account, path.name()));
        }
      }
      case REFERRERS -> {
        if (allowed(ex, "GET")) {
          listings.referrers(ex, repository(account, path.name()), path.argument());
        }
      }
    }
  }

  private Repository repository(AccountId account, String name) {
    return repositories.get(account, RepositoryService.name(name));
  }

  /**
   * Whether the endpoint takes the request's method; if not, answers 405 with the {@code Allow}
   * header RFC 9110 requires (written here, as headers set before a throw are discarded).
   */
  private static boolean allowed(Exchange ex, String... methods) {
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
