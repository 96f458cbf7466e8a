package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Raw AWS JSON 1.1 requests, signed by the AWS SDK's own SigV4 signer (public for the other AWS
 * JSON APIs' tests).
 */
public final class SignedHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

  private final URI base;
  private final String keyId;
  private final String secret;
  private final HttpClient client = HttpClient.newHttpClient();

  public SignedHttp(URI base, String keyId, String secret) {
    this.base = base;
    this.keyId = keyId;
    this.secret = secret;
  }

  /** A response: status and parsed JSON body. */
  public record Reply(int status, JsonNode body) {}

  Reply call(String target, String json) {
    return call(target, json, "ecr");
  }

  /** As {@link #call(String, String)}, with the credential scoped to {@code service}. */
  public Reply call(String target, String json, String service) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(base.resolve("/"))
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", target)
            .build();
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(keyId, secret))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve("/"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      if (!RESTRICTED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
        h.getValue().forEach(v -> b.header(h.getKey(), v));
      }
    }
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
