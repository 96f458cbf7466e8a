package dev.berth.api.ui;

import dev.berth.auth.Credential;
import dev.berth.http.Exchange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with an access key id and secret (and the session token of temporary credentials), and
 * sign-out. The sign-in form is protected against login CSRF by a double-submit token: a random
 * value in a {@code SameSite=Strict} cookie that the form must echo.
 */
final class SignIn {
  static final String SESSION_COOKIE = "berth_ui";
  static final String FORM_COOKIE = "berth_ui_signin";
  private static final Duration FORM_LIFETIME = Duration.ofMinutes(30);
  private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);

  private final Ui ui;
  private final SignInLimiter limiter;

  SignIn(Ui ui) {
    this.ui = ui;
    this.limiter = new SignInLimiter(ui.clock());
  }

  void form(UiRequest r) {
    String next = r.exchange().query("next").filter(SignIn::isLocal).orElse("");
    String notice =
        r.exchange().hasQuery("signed-out")
            ? "You have signed out."
            : r.exchange().hasQuery("ended") ? "Your session ended. Sign in again." : "";
    show(r, 200, "", next, "", notice);
  }

  private void show(
      UiRequest r, int status, String keyId, String next, String error, String notice) {
    String token = UiSessions.token();
    r.exchange()
        .addHeader(
            "Set-Cookie", cookie(r.exchange(), FORM_COOKIE, token, FORM_LIFETIME.toSeconds()));
    r.page(
        status,
        "sign-in",
        "Sign in",
        List.of(),
        new Model()
            .with("formToken", token)
            .with("keyId", keyId)
            .with("next", next)
            .with("error", error)
            .with("notice", notice)
            .with("region", ui.region()));
  }

  void submit(UiRequest r) {
    Exchange ex = r.exchange();
    Form f = r.form();
    String expected = Cookies.get(ex, FORM_COOKIE).orElse("");
    if (expected.isEmpty() || !UiSessions.same(expected, f.text("_csrf"))) {
      Pages.forbiddenForm(r);
      return;
    }
    String keyId = f.text("accessKeyId").strip();
    String next = f.get("next").filter(SignIn::isLocal).orElse("/ui/repositories");
    Optional<Duration> wait = limiter.acquire(r.ip(), keyId);
    if (wait.isPresent()) {
      tooMany(r, wait.get());
      return;
    }
    Optional<Credential> credential = verify(keyId, f.text("secretAccessKey"), f.text("token"));
    if (credential.isEmpty()) {
      LOG.debug("failed to sign in to the ui key={}", keyId);
      show(r, 401, keyId, next, "That access key id and secret do not match an active key.", "");
      return;
    }
    UiSession s = ui.sessions().create(credential.get().principal(), credential.get().expiresAt());
    long millis = Duration.between(ui.clock().instant(), s.expiresAt()).toMillis();
    long seconds = Math.max(1, (millis + 999) / 1000);
    ex.addHeader("Set-Cookie", cookie(ex, SESSION_COOKIE, s.id(), seconds))
        .addHeader("Set-Cookie", cookie(ex, FORM_COOKIE, "", 0));
    UiRequest.redirect(ex, next);
  }

  /** 429 with {@code Retry-After}: this address or key has tried to sign in too often. */
  private static void tooMany(UiRequest r, Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    LOG.debug("refused ui sign-in: too many attempts ip={} retryAfter={}", r.ip(), seconds);
    r.exchange().header("Retry-After", Long.toString(seconds));
    r.page(
        429,
        "message",
        "Too many sign-in attempts",
        List.of(),
        new Model()
            .with("heading", "Too many sign-in attempts")
            .with(
                "text",
                "There have been too many sign-in attempts from this address or for this access"
                    + " key. Nothing was checked. Wait "
                    + seconds
                    + (seconds == 1 ? " second" : " seconds")
                    + " and sign in again."));
  }

  /** The credential when the secret (and session token, if it has one) match an active key. */
  private Optional<Credential> verify(String keyId, String secret, String token) {
    Optional<Credential> c =
        keyId.isEmpty() || keyId.length() > 128
            ? Optional.empty()
            : ui.credentials().resolve(keyId);
    // Compare even for an unknown key, so the answer takes as long either way.
    boolean secretMatches =
        UiSessions.same(secret, c.map(Credential::secretAccessKey).orElseGet(UiSessions::token));
    boolean tokenMatches =
        c.flatMap(Credential::sessionToken)
            .map(t -> UiSessions.same(t, token.strip()))
            .orElse(token.isBlank());
    Instant now = ui.clock().instant();
    return c.filter(
        x ->
            secretMatches
                && tokenMatches
                && x.active()
                && x.expiresAt().map(now::isBefore).orElse(true));
  }

  /** Whether a session still stands on an active credential of the same principal. */
  boolean stillValid(UiSession s) {
    Instant now = ui.clock().instant();
    return ui.credentials()
        .resolve(s.principal().accessKeyId())
        .filter(Credential::active)
        .filter(c -> c.principal().arn().equals(s.principal().arn()))
        .filter(c -> c.expiresAt().map(now::isBefore).orElse(true))
        .isPresent();
  }

  void signOut(UiRequest r) {
    ui.sessions().remove(r.session().id());
    r.exchange().addHeader("Set-Cookie", cookie(r.exchange(), SESSION_COOKIE, "", 0));
    r.redirect("/ui/sign-in?signed-out");
  }

  /** Only paths of this UI, never another origin ({@code //host}) or scheme. */
  static boolean isLocal(String path) {
    return path.startsWith("/ui/") && !path.startsWith("//") && !path.contains("\\");
  }

  static String cookie(Exchange ex, String name, String value, long maxAgeSeconds) {
    return name
        + "="
        + value
        + "; Path=/ui; HttpOnly; SameSite=Strict; Max-Age="
        + maxAgeSeconds
        + (ex.secure() ? "; Secure" : "");
  }
}
