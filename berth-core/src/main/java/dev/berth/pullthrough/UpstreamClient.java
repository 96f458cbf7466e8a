package dev.berth.pullthrough;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Hashing;
import dev.berth.common.Json;
import dev.berth.model.Digest;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An OCI distribution client for one upstream registry and one series of calls. It answers a {@code
 * 401} once per request: Basic with the credentials, or the Docker bearer-token flow (GET the
 * challenge's realm with {@code service} and {@code scope}, with Basic credentials when it has
 * them, anonymously otherwise, then retry with the token); the last authorization is reused.
 */
final class UpstreamClient {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String ACCEPT =
      String.join(
          ", ",
          MediaTypes.OCI_INDEX,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.DOCKER_MANIFEST);
  private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private final HttpClient http;
  private final URI base;
  private final Optional<UpstreamCredentials> credentials;
  private Optional<String> authorization = Optional.empty();

  UpstreamClient(HttpClient http, URI base, Optional<UpstreamCredentials> credentials) {
    this.http = http;
    this.base = base;
    this.credentials = credentials;
  }

  /** Empty when {@code /v2/} answers 200 with the credentials, else why not. */
  synchronized Optional<String> check() {
    HttpResponse<InputStream> r = send("GET", "/v2/", Optional.empty());
    close(r);
    if (r.statusCode() == 200) {
      return Optional.empty();
    }
    return Optional.of(
        r.statusCode() == 401 || r.statusCode() == 403
            ? "The upstream registry rejected the credentials (HTTP " + r.statusCode() + ")"
            : "The upstream registry answered HTTP " + r.statusCode() + " on /v2/");
  }

  /** The manifest by tag or digest; empty when the upstream does not have it. */
  synchronized Optional<UpstreamManifest> manifest(String repository, String reference) {
    HttpResponse<InputStream> r =
        send("GET", "/v2/" + repository + "/manifests/" + reference, Optional.of(ACCEPT));
    if (r.statusCode() == 404) {
      close(r);
      return Optional.empty();
    }
    expectOk(r, "manifest " + repository + ":" + reference);
    byte[] bytes;
    try (InputStream in = r.body()) {
      bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    } catch (IOException e) {
      throw new UpstreamException("failed to read manifest from upstream", e);
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new UpstreamException("upstream manifest exceeds " + MAX_MANIFEST_BYTES + " bytes");
    }
    String type = MediaTypes.base(r.headers().firstValue("Content-Type").orElse(""));
    return Optional.of(
        new UpstreamManifest(type, bytes, Digest.sha256(Hashing.sha256().digest(bytes))));
  }

  /** The digest the upstream's tag names now ({@code HEAD}); empty when it has no such tag. */
  synchronized Optional<Digest> tagDigest(String repository, String tag) {
    HttpResponse<InputStream> r =
        send("HEAD", "/v2/" + repository + "/manifests/" + tag, Optional.of(ACCEPT));
    close(r);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    expectOk(r, "manifest " + repository + ":" + tag);
    Optional<Digest> digest =
        r.headers().firstValue("Docker-Content-Digest").flatMap(Digest::parse);
    if (digest.isPresent()) {
      return digest;
    }
    return manifest(repository, tag).map(UpstreamManifest::digest);
  }

  /** The blob's bytes, unverified (the caller hashes them); the caller closes the stream. */
  synchronized InputStream blob(String repository, Digest digest) {
    HttpResponse<InputStream> r =
        send("GET", "/v2/" + repository + "/blobs/" + digest, Optional.empty());
    expectOk(r, "blob " + digest);
    return r.body();
  }

  private HttpResponse<InputStream> send(String method, String path, Optional<String> accept) {
    URI uri = base.resolve(path);
    HttpResponse<InputStream> r = exchange(method, uri, accept, authorization);
    if (r.statusCode() != 401) {
      return r;
    }
    List<String> challenges = r.headers().allValues("WWW-Authenticate");
    close(r);
    Optional<String> answer = answer(challenges);
    if (answer.isEmpty()) {
      return exchange(method, uri, accept, Optional.empty());
    }
    authorization = answer;
    return exchange(method, uri, accept, authorization);
  }

  /** The Authorization header that answers the challenges, if one can. */
  private Optional<String> answer(List<String> headers) {
    for (String header : headers) {
      Optional<Challenge> c = Challenge.parse(header);
      if (c.isEmpty()) {
        continue;
      }
      if ("bearer".equals(c.get().scheme()) && c.get().param("realm").isPresent()) {
        return Optional.of("Bearer " + token(c.get()));
      }
      if ("basic".equals(c.get().scheme()) && credentials.isPresent()) {
        return Optional.of(credentials.get().basic());
      }
    }
    return Optional.empty();
  }

  private String token(Challenge c) {
    StringBuilder query = new StringBuilder();
    c.param("service").ifPresent(s -> query.append("service=").append(encode(s)));
    c.param("scope")
        .ifPresent(
            s -> query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(s)));
    String realm = c.param("realm").orElseThrow();
    URI uri =
        URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
    HttpResponse<InputStream> r =
        exchange("GET", uri, Optional.empty(), credentials.map(UpstreamCredentials::basic));
    expectOk(r, "token from " + realm);
    try (InputStream in = r.body()) {
      JsonNode body = Json.mapper().readTree(in);
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new UpstreamException("the token service answered without a token");
      }
      return token;
    } catch (IOException e) {
      throw new UpstreamException("failed to read the upstream token", e);
    }
  }

  private HttpResponse<InputStream> exchange(
      String method, URI uri, Optional<String> accept, Optional<String> auth) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    accept.ifPresent(a -> b.header("Accept", a));
    auth.ifPresent(a -> b.header("Authorization", a));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UpstreamException("failed to reach the upstream registry at " + base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException("interrupted while calling the upstream registry", e);
    }
  }

  private static void expectOk(HttpResponse<InputStream> r, String what) {
    if (r.statusCode() != 200) {
      close(r);
      throw new UpstreamException(
          "the upstream registry answered HTTP " + r.statusCode() + " for " + what);
    }
  }

  private static void close(HttpResponse<InputStream> r) {
    try {
      r.body().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
