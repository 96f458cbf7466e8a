package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.awsjson.CallContext;
import dev.berth.auth.Principal;
import dev.berth.common.Json;
import dev.berth.http.Exchange;
import dev.berth.model.RegistryId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One request to the UI: its exchange, its session (when signed in), and how pages answer. */
final class UiRequest {
  static final String HTML = "text/html; charset=utf-8";

  /**
   * No inline script or style anywhere, so an injected element could not run even if escaping
   * failed; forms post only back to this origin; no framing.
   */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final Ui ui;
  private final Exchange ex;
  private final Optional<UiSession> session;
  private @Nullable Form form;

  UiRequest(Ui ui, Exchange ex, Optional<UiSession> session) {
    this.ui = ui;
    this.ex = ex;
    this.session = session;
  }

  Ui ui() {
    return ui;
  }

  Exchange exchange() {
    return ex;
  }

  /** The signed-in session; only called behind the sign-in check. */
  UiSession session() {
    return session.orElseThrow();
  }

  Principal principal() {
    return session().principal();
  }

  String ip() {
    return ex.remoteAddress();
  }

  /** The {@code Host} the browser used, with its port. */
  String host() {
    return ex.header("Host").orElse("localhost");
  }

  /** {@code HOST[:PORT]} of a registry for this browser ({@code RegistryAddresses}). */
  String registry(RegistryId registry) {
    return ui.addresses().registry(registry, host());
  }

  /**
   * The region whose registries the pages show: the one the browser switched to ({@link
   * RegionSwitch}) while the deployment serves it, else the home region.
   */
  String region() {
    return Cookies.get(ex, RegionSwitch.COOKIE).filter(ui.regions()::contains).orElse(ui.region());
  }

  /** The signed-in principal's own registry in the region the pages show. */
  RegistryId ownRegistry() {
    return new RegistryId(principal().account(), region());
  }

  /** {@code http://host:port} as the browser reached this node. */
  String origin() {
    return (ex.secure() ? "https" : "http") + "://" + host();
  }

  Instant now() {
    return ui.clock().instant();
  }

  Form form() {
    Form parsed = form;
    if (parsed == null) {
      parsed = Form.parse(ex.readBody(Form.MAX_BYTES));
      form = parsed;
    }
    return parsed;
  }

  static ObjectNode input() {
    return Json.mapper().createObjectNode();
  }

  /** Calls an ECR operation as the signed-in principal (as a signed POST of the aws CLI would). */
  JsonNode ecr(String operation, ObjectNode in) {
    return ui.ecr()
        .call(
            new CallContext(
                principal(),
                UUID.randomUUID().toString(),
                host(),
                ex.secure(),
                ip(),
                operation,
                region()),
            in);
  }

  /** A query parameter, empty when absent. */
  String query(String name) {
    return ex.query(name).orElse("");
  }

  /** Calls an ECR Public operation as the signed-in principal, on its public registry. */
  JsonNode ecrPublic(String operation, ObjectNode in) {
    return ui.ecrPublic()
        .call(
            new CallContext(
                principal(),
                UUID.randomUUID().toString(),
                host(),
                ex.secure(),
                ip(),
                operation,
                dev.berth.model.RegistryId.PUBLIC),
            in);
  }

  /** Sets a message for the next page this session sees. */
  void notice(String kind, String text) {
    session().notice(kind, text);
  }

  /** Renders a template inside the layout. */
  void page(int status, String template, String title, List<Model> crumbs, Model model) {
    Model layout =
        new Model()
            .with("title", title)
            .with("crumbs", crumbs)
            .with("hasCrumbs", !crumbs.isEmpty())
            .with("body", ui.templates().render(template, model));
    if (session.isPresent()) {
      UiSession s = session.get();
      Principal p = s.principal();
      layout
          .with(
              "user",
              new Model()
                  .with("name", p.name())
                  .with("arn", p.arn())
                  .with("account", p.account().value())
                  .with("region", region())
                  .with("switchRegions", ui.regions().size() > 1)
                  .with(
                      "regions",
                      ui.regions().stream()
                          .map(
                              n -> new Model().with("name", n).with("selected", n.equals(region())))
                          .toList())
                  .with("until", Formats.time(s.expiresAt(), now())))
          .with("csrf", s.csrf());
      s.takeNotice()
          .ifPresent(n -> layout.with("notice", Model.of("kind", n.kind()).with("text", n.text())));
    }
    send(status, ui.templates().render("layout", layout));
  }

  void send(int status, String html) {
    securityHeaders(ex);
    ex.status(status).send(HTML, html.getBytes(StandardCharsets.UTF_8));
  }

  /** 303 to a path of this UI (never to another origin). */
  void redirect(String location) {
    redirect(ex, location);
  }

  static void redirect(Exchange ex, String location) {
    securityHeaders(ex);
    ex.header("Location", location).status(303).send();
  }

  static void securityHeaders(Exchange ex) {
    ex.header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "DENY")
        .header("Referrer-Policy", "same-origin")
        .header("Cache-Control", "no-store");
  }

  /** A breadcrumb. */
  static Model crumb(String label, String href) {
    return Model.of("label", label).with("href", href);
  }

  /** The path of a repository's page, plus an optional sub-page ({@code -/tags}). */
  static String repoPath(String name, String sub) {
    return "/ui/repositories/" + name + (sub.isEmpty() ? "" : "/-/" + sub);
  }
}
