package dev.berth.api.ui;

import dev.berth.address.RegistryAddresses;
import dev.berth.api.awsjson.AwsCallException;
import dev.berth.api.awsjson.LocalClient;
import dev.berth.auth.BrowserSessionStore;
import dev.berth.auth.CredentialResolver;
import dev.berth.authz.RepositoryAccess;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.ErrorWriter;
import dev.berth.http.Exchange;
import dev.berth.http.Route;
import dev.berth.registry.BlobService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ui/...}: static assets, sign-in and sign-out, then the signed-in pages. Every POST must
 * come from this origin and carry the session's CSRF token, or it is refused with 403 and changes
 * nothing.
 */
public final class UiApi implements Route {
  private static final Logger LOG = LoggerFactory.getLogger(UiApi.class);

  private final Ui ui;
  private final SignIn signIn;
  private final RepositoryRoutes repositories;
  private final RegistryPage registry = new RegistryPage();
  private final PullThroughPage pullThrough = new PullThroughPage();
  private final RegionSwitch regionSwitch = new RegionSwitch();
  private final PublicCatalogPage publicCatalog = new PublicCatalogPage();

  public UiApi(
      String region,
      RegistryAddresses addresses,
      LocalClient ecr,
      LocalClient ecrPublic,
      PublicAliases aliases,
      RepositoryService repositories,
      ManifestService manifests,
      BlobService blobs,
      RepositoryAccess access,
      CredentialResolver credentials,
      BrowserSessionStore sessions,
      Clock clock,
      java.util.function.Supplier<Optional<CollectionReport>> lastCollection) {
    this.ui =
        new Ui(
            new Templates(),
            new UiSessions(sessions, clock),
            ecr,
            ecrPublic,
            aliases,
            new RegistryReads(repositories, manifests, blobs, access),
            credentials,
            clock,
            region,
            addresses,
            lastCollection);
    this.signIn = new SignIn(ui);
    this.repositories = new RepositoryRoutes();
  }

  /** Unexpected failures as a plain HTML page that names nothing internal. */
  public static ErrorWriter errors() {
    return (ex, failure) -> {
      UiRequest.securityHeaders(ex);
      if (failure instanceof RegistryException e && e.kind() == ErrorKind.INVALID_PARAMETER) {
        ex.status(400)
            .send(
                UiRequest.HTML,
                ("<!doctype html><title>Bad request · Berth</title><h1>Bad request</h1><p>"
                        + e.getMessage()
                            .replace("&", "&amp;")
                            .replace("<", "&lt;")
                            .replace(">", "&gt;")
                        + ". <a href=\"/ui/\">Start again</a>.")
                    .getBytes(StandardCharsets.UTF_8));
        return;
      }
      LOG.error("failed to render ui page request={}", ex, failure);
      ex.status(500)
          .send(
              UiRequest.HTML,
              ("<!doctype html><title>Error · Berth</title><h1>Something went wrong</h1>"
                      + "<p>The registry could not show this page. <a href=\"/ui/\">Start again</a>.")
                  .getBytes(StandardCharsets.UTF_8));
    };
  }

  @Override
  public void handle(Exchange ex) {
    String path = ex.path();
    String method = ex.method();
    if (path.equals("/ui") || path.equals("/ui/")) {
      UiRequest.redirect(ex, "/ui/repositories");
      return;
    }
    if (path.startsWith("/ui/static/")) {
      StaticAssets.serve(ex, path.substring("/ui/static/".length()));
      return;
    }
    Optional<UiSession> session = currentSession(ex);
    session.ifPresent(signedIn -> ex.notes().principal(signedIn.principal().arn()));
    UiRequest r = new UiRequest(ui, ex, session);
    if (path.equals("/ui/sign-in")) {
      if ("POST".equals(method)) {
        if (sameOrigin(r)) {
          signIn.submit(r);
        } else {
          Pages.forbiddenForm(r);
        }
      } else if (session.isPresent()) {
        r.redirect("/ui/repositories");
      } else {
        signIn.form(r);
      }
      return;
    }
    if (session.isEmpty()) {
      if ("GET".equals(method) || "HEAD".equals(method)) {
        r.redirect("/ui/sign-in?next=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8));
      } else {
        Pages.forbiddenForm(r);
      }
      return;
    }
    boolean post = "POST".equals(method);
    if (post && !(sameOrigin(r) && UiSessions.same(session.get().csrf(), r.form().text("_csrf")))) {
      LOG.debug("refused ui form without a valid csrf token request={}", ex);
      Pages.forbiddenForm(r);
      return;
    }
    if (!post && !"GET".equals(method) && !"HEAD".equals(method)) {
      ex.header("Allow", "GET, POST").status(405).send();
      return;
    }
    try {
      if (path.equals("/ui/sign-out") && post) {
        signIn.signOut(r);
      } else if (path.equals("/ui/region") && post) {
        regionSwitch.submit(r);
      } else if (path.equals("/ui/registry") && !post) {
        registry.show(r);
      } else if (!pullThrough.handle(r, path, post)
          && !publicCatalog.handle(r, path, post)
          && !repositories.handle(r, path, post)) {
        Pages.notFound(r, "There is no page at this address.");
      }
    } catch (AwsCallException e) {
      Pages.failure(r, e);
    } catch (RegistryException e) {
      Pages.failure(r, e);
    }
  }

  /** The session named by the cookie, while it lasts and its access key stays active. */
  private Optional<UiSession> currentSession(Exchange ex) {
    Optional<UiSession> s =
        Cookies.get(ex, SignIn.SESSION_COOKIE).flatMap(id -> ui.sessions().find(id));
    if (s.isPresent() && !signIn.stillValid(s.get())) {
      ui.sessions().remove(s.get().id());
      return Optional.empty();
    }
    return s;
  }

  /** A form post must come from a page of this origin when the browser says where it came from. */
  private static boolean sameOrigin(UiRequest r) {
    return r.exchange().header("Origin").map(o -> o.equals(r.origin())).orElse(true);
  }
}
