package dev.berth.distribution;

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
import java.util.function.Supplier;

/**
 * An OCI distribution client for one registry and one series of calls. It answers a {@code 401}
 * once per request: Basic with the credentials, or the Docker bearer-token flow (GET the
 * challenge's realm with {@code service} and {@code scope}, with Basic credentials when it has
 * them, anonymously otherwise, then retry with the token); the last authorization is reused.
 */
public final class DistributionClient {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration UPLOAD_TIMEOUT = Duration.ofHours(1);
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
  private final Optional<BasicCredentials> credentials;
  private Optional<String> authorization = Optional.empty();

  /**
   * @param base the registry's URL, under which {@code /v2/} is served
   */
  public DistributionClient(HttpClient http, URI base, Optional<BasicCredentials> credentials) {
    this.http = http;
    this.base = base;
    this.credentials = credentials;
  }

  /** Empty when {@code /v2/} answers 200 with the credentials, else why not. */
  public synchronized Optional<String> check() {
    HttpResponse<InputStream> r = send("GET", "/v2/", Optional.empty());
    close(r);
    if (r.statusCode() == 200) {
      return Optional.empty();
    }
    return Optional.of(
        r.statusCode() == 401 || r.statusCode() == 403
            ? "The registry rejected the credentials (HTTP " + r.statusCode() + ")"
            : "The registry answered HTTP " + r.statusCode() + " on /v2/");
  }

  /** The manifest by tag or digest; empty when the upstream does not have it. */
  public synchronized Optional<FetchedManifest> manifest(String repository, String reference) {
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
      throw new DistributionException("failed to read manifest from upstream", e);
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new DistributionException("upstream manifest exceeds " + MAX_MANIFEST_BYTES + " bytes");
    }
    String type = MediaTypes.base(r.headers().firstValue("Content-Type").orElse(""));
    return Optional.of(
        new FetchedManifest(type, bytes, Digest.sha256(Hashing.sha256().digest(bytes))));
  }

  /** The digest the upstream's tag names now ({@code HEAD}); empty when it has no such tag. */
  public synchronized Optional<Digest> tagDigest(String repository, String tag) {
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
    return manifest(repository, tag).map(FetchedManifest::digest);
  }

  /** The blob's bytes, unverified (the caller hashes them); the caller closes the stream. */
  public InputStream blob(String repository, Digest digest) {
    return openBlob(repository, digest).body();
  }

  /**
   * The blob's bytes as they arrive, unverified (the caller hashes them), with the length the
   * registry declared; the caller closes the stream.
   */
  public synchronized FetchedBlob openBlob(String repository, Digest digest) {
    HttpResponse<InputStream> r =
        send("GET", "/v2/" + repository + "/blobs/" + digest, Optional.empty());
    expectOk(r, "blob " + digest);
    return new FetchedBlob(r.headers().firstValueAsLong("Content-Length"), r.body());
  }

  /** Whether the registry has the blob in the repository ({@code HEAD}). */
  public synchronized boolean blobExists(String repository, Digest digest) {
    return exists(Call.of("HEAD", base.resolve("/v2/" + repository + "/blobs/" + digest)));
  }

  /** Whether the registry has the manifest by digest or tag ({@code HEAD}). */
  public synchronized boolean manifestExists(String repository, String reference) {
    return exists(
        Call.of("HEAD", base.resolve("/v2/" + repository + "/manifests/" + reference))
            .header("Accept", ACCEPT));
  }

  /**
   * Uploads a blob in one request (POST to open the upload, PUT with the bytes and digest); {@code
   * bytes} opens the content again if the PUT must be retried after an authentication challenge.
   */
  public synchronized void pushBlob(
      String repository, Digest digest, long size, Supplier<InputStream> bytes) {
    HttpResponse<InputStream> opened =
        send(Call.of("POST", base.resolve("/v2/" + repository + "/blobs/uploads/")));
    close(opened);
    if (opened.statusCode() != 202) {
      throw failure(opened, "opening an upload of " + digest);
    }
    URI location =
        base.resolve(
            opened
                .headers()
                .firstValue("Location")
                .orElseThrow(
                    () ->
                        new DistributionException(
                            "the registry opened an upload without Location")));
    String query = location.getRawQuery();
    URI put =
        URI.create(location + (query == null || query.isEmpty() ? "?" : "&") + "digest=" + digest);
    HttpResponse<InputStream> r =
        send(
            Call.of("PUT", put)
                .header("Content-Type", "application/octet-stream")
                .body(
                    () ->
                        HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(bytes), size),
                    UPLOAD_TIMEOUT));
    close(r);
    if (r.statusCode() != 201) {
      throw failure(r, "uploading " + digest);
    }
  }

  /** Stores a manifest's exact bytes under a digest or tag. */
  public synchronized void putManifest(
      String repository, String reference, String mediaType, byte[] bytes) {
    HttpResponse<InputStream> r =
        send(
            Call.of("PUT", base.resolve("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .body(() -> HttpRequest.BodyPublishers.ofByteArray(bytes), TIMEOUT));
    close(r);
    if (r.statusCode() != 201) {
      throw failure(r, "storing manifest " + repository + ":" + reference);
    }
  }

  private boolean exists(Call call) {
    HttpResponse<InputStream> r = send(call);
    close(r);
    if (r.statusCode() == 404) {
      return false;
    }
    if (r.statusCode() != 200) {
      throw failure(r, call.method() + " " + call.uri().getPath());
    }
    return true;
  }

  private HttpResponse<InputStream> send(String method, String path, Optional<String> accept) {
    Call call = Call.of(method, base.resolve(path));
    return send(accept.map(a -> call.header("Accept", a)).orElse(call));
  }

  private HttpResponse<InputStream> send(Call call) {
    HttpResponse<InputStream> r = exchange(call, authorization);
    if (r.statusCode() != 401) {
      return r;
    }
    List<String> challenges = r.headers().allValues("WWW-Authenticate");
    close(r);
    Optional<String> answer = answer(challenges);
    if (answer.isEmpty()) {
      return exchange(call, Optional.empty());
    }
    authorization = answer;
    return exchange(call, authorization);
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
        return Optional.of(credentials.get().header());
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
        exchange(Call.of("GET", uri), credentials.map(BasicCredentials::header));
    expectOk(r, "token from " + realm);
    try (InputStream in = r.body()) {
      JsonNode body = Json.mapper().readTree(in);
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new DistributionException("the token service answered without a token");
      }
      return token;
    } catch (IOException e) {
      throw new DistributionException("failed to read the registry's token", e);
    }
  }

  private HttpResponse<InputStream> exchange(Call call, Optional<String> auth) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(call.uri())
            .timeout(call.timeout())
            .method(call.method(), call.body().get());
    call.headers().forEach(b::header);
    auth.ifPresent(a -> b.header("Authorization", a));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new DistributionException("failed to reach the registry at " + base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DistributionException("interrupted while calling the registry", e);
    }
  }

  /** The failure a non-success answer stands for, with the code of its OCI error envelope. */
  private static DistributionException failure(HttpResponse<InputStream> r, String what) {
    String code = "";
    String message = "";
    try (InputStream in = r.body()) {
      JsonNode first = Json.mapper().readTree(in.readNBytes(64 * 1024)).path("errors").path(0);
      code = first.path("code").asText("");
      message = first.path("message").asText("");
    } catch (IOException | RuntimeException e) {
      // no envelope: the status says enough
    }
    return new DistributionException(
        "the registry answered HTTP "
            + r.statusCode()
            + (code.isEmpty() ? "" : " " + code)
            + (message.isEmpty() ? "" : " (" + message + ")")
            + " for "
            + what,
        r.statusCode(),
        code);
  }

  private static void expectOk(HttpResponse<InputStream> r, String what) {
    if (r.statusCode() != 200) {
      throw failure(r, what);
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
