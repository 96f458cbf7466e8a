package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The registry browser's pages over plain HTTP, signed in with an access key (no JavaScript). */
final class UiHttp {
  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final URI base;
  private final String session;

  private UiHttp(URI base, String session) {
    this.base = base;
    this.session = session;
  }

  /** Fills in and posts the sign-in form as a browser would. */
  static UiHttp signIn(URI base, String keyId, String secret) throws Exception {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> form =
        client.send(
            HttpRequest.newBuilder(base.resolve("/ui/sign-in")).build(),
            HttpResponse.BodyHandlers.ofString());
    String formCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
    String token = formCookie.substring(formCookie.indexOf('=') + 1, formCookie.indexOf(';'));
    HttpResponse<String> signedIn =
        client.send(
            HttpRequest.newBuilder(base.resolve("/ui/sign-in"))
                .header("Cookie", formCookie.substring(0, formCookie.indexOf(';')))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "_csrf="
                            + token
                            + "&accessKeyId="
                            + URLEncoder.encode(keyId, StandardCharsets.UTF_8)
                            + "&secretAccessKey="
                            + URLEncoder.encode(secret, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
    String c =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(v -> v.startsWith("berth_ui="))
            .findFirst()
            .orElseThrow();
    return new UiHttp(base, c.substring(0, c.indexOf(';')));
  }

  /** The same signed-in browser talking to another node. */
  UiHttp at(URI otherBase) {
    return new UiHttp(otherBase, session);
  }

  /** A page's HTML; fails unless it answers 200. */
  String page(String path) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(base.resolve(path)).header("Cookie", session).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  /** The text of the element with {@code id} (its markup holds no nested elements here). */
  static String byId(String html, String id) {
    Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(html);
    assertThat(m.find()).as("#" + id + " in the page").isTrue();
    return unescape(m.group(1));
  }

  /** Every {@code data-copy} value: what the page's Copy buttons put on the clipboard. */
  static java.util.List<String> copyValues(String html) {
    Matcher m = Pattern.compile("data-copy=\"([^\"]*)\"").matcher(html);
    java.util.List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(unescape(m.group(1)));
    }
    return out;
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x3D;", "=")
        .replace("&#x2F;", "/")
        .replace("&#x60;", "`")
        .replace("&amp;", "&");
  }
}
