package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.testkit.Skopeo;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and forged requests: markup in repository names, resource tags, image labels,
 * environment, history and policies renders as text (the raw HTML carries it escaped and nothing
 * injected runs); stale, forged, missing and cross-origin CSRF tokens are refused; session cookies
 * carry their flags; a deactivated access key ends its sessions.
 */
class UiSecurityBrowserTest {
  private static final String PAYLOAD_NAME = "<img src=x onerror=window.__xss=1>";
  private static final String LABEL_KEY = "<script>window.__xss=2</script>";
  private static final String LABEL_VALUE = "<img src=x onerror=window.__xss=3>";
  private static final String ENV = "EVIL=<svg onload=window.__xss=4>";
  private static final String HISTORY = "/bin/sh -c echo \"<script>window.__xss=5</script>\"";
  private static final String TAG_VALUE = "\"><script>window.__xss=6</script>";
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"</textarea><script>window.__xss=7"
          + "</script>\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:*\"}]}";

  @TempDir static Path tmp;
  static TestNode node;
  static Browser browser;
  static HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    assertThat(Skopeo.available()).as("skopeo must be installed (CI installs it)").isTrue();
    node = TestNode.start(tmp.resolve("node"));
    node.createRepository("team/xss");
    Path layout = tmp.resolve("layout");
    UiImages.writeLabelled(layout, "evil", Map.of(LABEL_KEY, LABEL_VALUE), List.of(ENV), HISTORY);
    UiImages.push(tmp, layout, "evil", node.hostPort(), "team/xss:evil", node.registryToken());
    browser = Browser.start(node.base(), tmp.resolve("profile"));
  }

  @AfterAll
  static void stop() {
    Browser.stop(browser, node);
  }

  /** A fresh sign-in for every test, whatever the test before left behind (issue 9, item 24). */
  @BeforeEach
  void signIn() {
    browser.open("/ui/sign-in");
    browser.driver.manage().deleteAllCookies();
    browser.open("/ui/repositories");
    browser.waitForPath("/ui/sign-in");
    browser.signIn(TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    browser.waitForPath("/ui/repositories");
  }

  /** Nothing injected ran or became an element: only the page's own script and no images. */
  private static void assertNothingInjected() {
    assertThat(browser.js("return window.__xss === undefined")).isEqualTo(true);
    assertThat(browser.all("script")).hasSize(1);
    assertThat(browser.all("main img, main svg, main iframe")).isEmpty();
  }

  private static String cookie() {
    return SignIn.SESSION_COOKIE
        + "="
        + java.util.Objects.requireNonNull(
                browser.driver.manage().getCookieNamed(SignIn.SESSION_COOKIE))
            .getValue();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(node.base().resolve(path)).header("Cookie", cookie()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(
      String path, Map<String, String> form, Optional<String> origin) throws Exception {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(node.base().resolve(path))
            .header("Cookie", cookie())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    origin.ifPresent(o -> b.header("Origin", o));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void markupInARepositoryName_isShownAsText() throws Exception {
    browser.open("/ui/create-repository");
    browser.find("#repositoryName").sendKeys(PAYLOAD_NAME);
    browser.find("main form button[type=submit]").click();
    browser.waitFor(d -> !browser.all("#name-error").isEmpty());
    assertThat(browser.find("#repositoryName").getAttribute("value")).isEqualTo(PAYLOAD_NAME);
    assertNothingInjected();
    browser.screenshots("xss-repository-name");

    HttpResponse<String> raw =
        post(
            "/ui/create-repository",
            Map.of("_csrf", browser.csrf(), "repositoryName", PAYLOAD_NAME),
            Optional.empty());
    assertThat(raw.statusCode()).isEqualTo(400);
    assertThat(raw.body())
        .contains("value=\"&lt;img src&#x3D;x onerror&#x3D;window.__xss&#x3D;1&gt;\"")
        .doesNotContain("<img src=x");
  }

  @Test
  void markupInLabelsEnvironmentAndHistory_isShownAsText() throws Exception {
    browser.open("/ui/repositories/team/xss");
    browser.find("tr.image a[href*='/-/images/']").click();
    browser.waitFor(d -> !browser.all("#config-labels").isEmpty());
    assertThat(browser.text("#config-labels tbody")).contains(LABEL_KEY).contains(LABEL_VALUE);
    assertThat(browser.text("#config-env")).isEqualTo(ENV);
    assertThat(browser.text("ol.history")).contains(HISTORY);
    assertNothingInjected();
    browser.screenshots("xss-image-config");

    String html = get(browser.path()).body();
    assertThat(html)
        .contains("&lt;script&gt;window.__xss&#x3D;2&lt;/script&gt;")
        .contains("&lt;img src&#x3D;x onerror&#x3D;window.__xss&#x3D;3&gt;")
        .contains("EVIL&#x3D;&lt;svg onload&#x3D;window.__xss&#x3D;4&gt;")
        .doesNotContain("<script>window")
        .doesNotContain("<img src=x")
        .doesNotContain("<svg");
  }

  @Test
  void markupInResourceTagsAndPolicies_isShownAsText() throws Exception {
    browser.open("/ui/repositories/team/xss/-/tags");
    browser.find("#tag-key").sendKeys("owner");
    browser.find("#tag-value").sendKeys(TAG_VALUE);
    browser.find("form.row-form button[type=submit]").click();
    browser.waitFor(d -> !browser.all("#tag-table").isEmpty());
    assertThat(browser.text("#tag-table tbody")).contains(TAG_VALUE);
    assertNothingInjected();
    assertThat(get("/ui/repositories/team/xss/-/tags").body())
        .contains("&quot;&gt;&lt;script&gt;window.__xss&#x3D;6&lt;/script&gt;")
        .doesNotContain("<script>window");

    browser.open("/ui/repositories/team/xss/-/permissions");
    browser.js("document.getElementById('policyText').value = arguments[0]", POLICY);
    browser.find("form button[type=submit].primary").click();
    browser.waitFor(d -> !browser.all(".notice").isEmpty());
    assertThat(browser.find("#policyText").getAttribute("value")).contains("</textarea><script>");
    assertNothingInjected();
    browser.screenshots("xss-policy");
    HttpResponse<String> raw =
        post(
            "/ui/repositories/team/xss/-/permissions",
            Map.of("_csrf", browser.csrf(), "policyText", POLICY),
            Optional.empty());
    String page = raw.statusCode() == 303 ? get(browser.path()).body() : raw.body();
    assertThat(page)
        .contains("&lt;/textarea&gt;&lt;script&gt;window.__xss&#x3D;7")
        .doesNotContain("</textarea><script>");
  }

  @Test
  void staleForgedMissingAndCrossOriginTokens_areRefused() throws Exception {
    String stale = browser.csrf();
    browser.find("form[action='/ui/sign-out'] button").click();
    browser.waitForPath("/ui/sign-in");
    browser.signIn(TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    browser.waitForPath("/ui/repositories");
    String current = browser.csrf();
    assertThat(current).isNotEqualTo(stale);

    Map<String, String> form = new LinkedHashMap<>();
    form.put("repositoryName", "team/csrf");
    form.put("_csrf", stale);
    assertThat(browser.post("/ui/create-repository", form)).isEqualTo(403);
    form.put("_csrf", "forged-token");
    assertThat(browser.post("/ui/create-repository", form)).isEqualTo(403);
    form.remove("_csrf");
    assertThat(browser.post("/ui/create-repository", form)).isEqualTo(403);
    form.put("_csrf", current);
    HttpResponse<String> crossSite =
        post("/ui/create-repository", form, Optional.of("http://evil.example"));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(crossSite.body()).contains("This form has expired");
    browser.open("/ui/repositories");
    assertThat(browser.all("tr[data-name='team/csrf']")).isEmpty();

    assertThat(browser.post("/ui/create-repository", form)).isEqualTo(303);
    browser.open("/ui/repositories");
    assertThat(browser.all("tr[data-name='team/csrf']")).hasSize(1);

    HttpResponse<String> noFormCookie =
        http.send(
            HttpRequest.newBuilder(node.base().resolve("/ui/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "_csrf=x&accessKeyId="
                            + TestNode.ROOT_ACCESS_KEY_ID
                            + "&secretAccessKey="
                            + URLEncoder.encode(
                                TestNode.ROOT_SECRET_ACCESS_KEY, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(noFormCookie.statusCode()).isEqualTo(403);
    assertThat(noFormCookie.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith(SignIn.SESSION_COOKIE + "="));
  }

  @Test
  void sessionCookies_areHttpOnlyStrictAndScoped_andEndWithTheirKey() throws Exception {
    HttpResponse<String> form =
        http.send(
            HttpRequest.newBuilder(node.base().resolve("/ui/sign-in")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(form.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline");
    String formCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
    String token = formCookie.substring(formCookie.indexOf('=') + 1, formCookie.indexOf(';'));
    String[] key =
        UiAws.userWithPolicy(
            node, tmp, "pusher", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser");
    HttpResponse<String> signedIn =
        http.send(
            HttpRequest.newBuilder(node.base().resolve("/ui/sign-in"))
                .header("Cookie", SignIn.FORM_COOKIE + "=" + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "_csrf="
                            + token
                            + "&accessKeyId="
                            + key[0]
                            + "&secretAccessKey="
                            + URLEncoder.encode(key[1], StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).isEqualTo(303);
    String session =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(SignIn.SESSION_COOKIE + "="))
            .findFirst()
            .orElseThrow();
    assertThat(session).contains("; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=3600");
    String id = session.substring(0, session.indexOf(';'));
    HttpRequest page =
        HttpRequest.newBuilder(node.base().resolve("/ui/repositories"))
            .header("Cookie", id)
            .build();
    assertThat(http.send(page, HttpResponse.BodyHandlers.ofString()).body()).contains("pusher");

    UiAws.run(
        node,
        tmp,
        "iam",
        "update-access-key",
        "--user-name",
        "pusher",
        "--access-key-id",
        key[0],
        "--status",
        "Inactive");
    HttpResponse<String> after = http.send(page, HttpResponse.BodyHandlers.ofString());
    assertThat(after.statusCode()).isEqualTo(303);
    assertThat(after.headers().firstValue("Location").orElse("")).startsWith("/ui/sign-in");
  }

  @Test
  void unknownPages_andBadDigests_answerNotFound() throws Exception {
    assertThat(get("/ui/repositories/team/xss/-/images/sha256:zz").statusCode()).isEqualTo(404);
    assertThat(get("/ui/repositories/NOPE/-/push").statusCode()).isEqualTo(404);
    assertThat(get("/ui/repositories/team/missing").statusCode()).isEqualTo(404);
    assertThat(get("/ui/static/../../etc/passwd").statusCode()).isIn(400, 404);
    assertThat(get("/ui/nowhere").body()).contains("There is no page at this address.");
    assertThat(URI.create(node.base() + "/ui/").getPath()).isEqualTo("/ui/");
  }
}
