package dev.berth.api.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Raw IAM/STS query-protocol requests, signed by the AWS SDK's own SigV4 signer. */
public final class SignedQuery {
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

  private final URI base;
  private final String keyId;
  private final String secret;
  private final HttpClient client = HttpClient.newHttpClient();

  public SignedQuery(URI base, String keyId, String secret) {
    this.base = base;
    this.keyId = keyId;
    this.secret = secret;
  }

  /** A response: status and XML body. */
  public record Reply(int status, String body) {
    /** The text of the first element {@code name} (XML-decoded), or empty. */
    public String element(String name) {
      try {
        var nodes =
            javax.xml.parsers.DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new java.io.StringReader(body)))
                .getElementsByTagName(name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
      } catch (javax.xml.parsers.ParserConfigurationException
          | org.xml.sax.SAXException
          | IOException e) {
        throw new IllegalStateException("not XML: " + body, e);
      }
    }
  }

  /** An IAM action (version 2010-05-08) signed for {@code iam}. */
  public Reply iam(String action, Map<String, String> params) {
    return call("iam", "2010-05-08", action, params);
  }

  /** An action of the API of {@code version}, signed for {@code service}. */
  Reply call(String service, String version, String action, Map<String, String> params) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("Action", action);
    form.put("Version", version);
    form.putAll(params);
    byte[] body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"))
            .getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(base.resolve("/"))
            .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
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
      if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        h.getValue().forEach(v -> b.header(h.getKey(), v));
      }
    }
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
