package dev.berth.api.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.app.TestNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * Issue 9, item 3: paging tokens ({@code nextToken} of the ECR listings, {@code last} in the
 * catalog's {@code Link}) are opaque, tamper-proof and bound to the caller and the listing: they
 * name no repository, a changed or replayed token is the protocol's pagination error, and a listing
 * never names a repository the caller may not list.
 */
class PagingTokensTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SEES_PUBLIC =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecr:*\","
          + "\"Resource\":\"arn:aws:ecr:us-east-1:000000000000:repository/pub-*\"},"
          + "{\"Effect\":\"Allow\",\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}]}";

  @TempDir Path tmp;
  private TestNode node;
  private EcrClient root;
  private EcrClient user;
  private String userBasic;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(tmp);
    for (String name : List.of("pub-a", "secret-b", "pub-c", "secret-d", "pub-e")) {
      node.createRepository(name);
    }
    root = client(TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    SignedQuery iam =
        new SignedQuery(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    iam.iam("CreateUser", Map.of("UserName", "viewer"));
    iam.iam(
        "PutUserPolicy",
        Map.of("UserName", "viewer", "PolicyName", "p", "PolicyDocument", SEES_PUBLIC));
    SignedQuery.Reply key = iam.iam("CreateAccessKey", Map.of("UserName", "viewer"));
    user = client(key.element("AccessKeyId"), key.element("SecretAccessKey"));
    userBasic =
        "Basic "
            + user.getAuthorizationToken(r -> {}).authorizationData().get(0).authorizationToken();
  }

  @AfterEach
  void stop() {
    root.close();
    user.close();
    node.close();
  }

  private EcrClient client(String keyId, String secret) {
    return EcrClient.builder()
        .endpointOverride(node.base())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  private static void assertInvalidToken(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            EcrException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterException");
              assertThat(e.getMessage()).contains("nextToken");
            });
  }

  private static void assertNamesNothing(String token) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      decoded = "";
    }
    for (String text : List.of(token, decoded)) {
      assertThat(text).doesNotContain("pub-").doesNotContain("secret-");
    }
  }

  @Test
  void describeRepositories_pagesWithOpaqueTokens_honouringMaxResults() {
    List<String> seen = new ArrayList<>();
    Optional<String> token = Optional.empty();
    int pages = 0;
    do {
      Optional<String> t = token;
      DescribeRepositoriesResponse page =
          root.describeRepositories(r -> r.maxResults(2).nextToken(t.orElse(null)));
      assertThat(page.repositories()).hasSizeLessThanOrEqualTo(2);
      page.repositories().forEach(r -> seen.add(r.repositoryName()));
      token = Optional.ofNullable(page.nextToken());
      token.ifPresent(PagingTokensTest::assertNamesNothing);
      pages++;
    } while (token.isPresent());

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactly("pub-a", "pub-c", "pub-e", "secret-b", "secret-d");
  }

  @Test
  void nextToken_tamperedOrReplayed_isInvalidParameter() {
    String token = root.describeRepositories(r -> r.maxResults(1)).nextToken();
    char last = token.charAt(token.length() - 1);
    String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertInvalidToken(() -> root.describeRepositories(r -> r.nextToken(tampered)));
    assertInvalidToken(
        () ->
            root.describeRepositories(
                r ->
                    r.nextToken(
                        Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(
                                "DescribeRepositories\nsecret-b"
                                    .getBytes(StandardCharsets.UTF_8)))));
    assertInvalidToken(() -> user.describeRepositories(r -> r.nextToken(token)));
    assertInvalidToken(() -> root.listImages(r -> r.repositoryName("pub-a").nextToken(token)));
    assertThat(root.describeRepositories(r -> r.nextToken(token)).repositories())
        .extracting(Repository::repositoryName)
        .containsExactly("pub-c", "pub-e", "secret-b", "secret-d");
  }

  @Test
  void listImagesToken_ofOneRepository_isInvalidForAnother() {
    for (String tag : List.of("v1", "v2")) {
      putImage(tag);
    }
    String token = root.listImages(r -> r.repositoryName("pub-a").maxResults(1)).nextToken();
    assertThat(token).isNotNull();
    assertNamesNothing(token);

    assertThat(root.listImages(r -> r.repositoryName("pub-a").nextToken(token)).imageIds())
        .hasSize(1);
    assertInvalidToken(() -> root.listImages(r -> r.repositoryName("pub-c").nextToken(token)));
    assertInvalidToken(() -> root.describeImages(r -> r.repositoryName("pub-a").nextToken(token)));
  }

  private void putImage(String tag) {
    String config = "{\"tag\":\"" + tag + "\"}";
    String configDigest = upload(config.getBytes(StandardCharsets.UTF_8));
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + configDigest
            + "\",\"size\":"
            + config.length()
            + "},\"layers\":[]}";
    root.putImage(r -> r.repositoryName("pub-a").imageTag(tag).imageManifest(manifest));
  }

  private String upload(byte[] content) {
    String id = root.initiateLayerUpload(r -> r.repositoryName("pub-a")).uploadId();
    root.uploadLayerPart(
        r ->
            r.repositoryName("pub-a")
                .uploadId(id)
                .partFirstByte(0L)
                .partLastByte((long) content.length - 1)
                .layerPartBlob(software.amazon.awssdk.core.SdkBytes.fromByteArray(content)));
    String digest;
    try {
      digest =
          "sha256:"
              + java.util.HexFormat.of()
                  .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    root.completeLayerUpload(r -> r.repositoryName("pub-a").uploadId(id).layerDigests(digest));
    return digest;
  }

  private HttpResponse<String> catalog(String query) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.base() + "/v2/_catalog" + query))
            .header("Authorization", userBasic)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> names(HttpResponse<String> r) throws Exception {
    List<String> out = new ArrayList<>();
    JSON.readTree(r.body()).path("repositories").forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void catalog_linkNamesNoHiddenRepository_andRefusesTamperedOrReplayedTokens() throws Exception {
    List<String> seen = new ArrayList<>();
    String query = "?n=2";
    List<String> links = new ArrayList<>();
    while (true) {
      HttpResponse<String> r = catalog(query);
      assertThat(r.statusCode()).isEqualTo(200);
      seen.addAll(names(r));
      Optional<String> link = r.headers().firstValue("Link");
      if (link.isEmpty()) {
        break;
      }
      String target = link.get().substring(1, link.get().indexOf('>'));
      links.add(URLDecoder.decode(target, StandardCharsets.UTF_8));
      query = target.substring(target.indexOf('?'));
    }
    assertThat(seen).containsExactly("pub-a", "pub-c", "pub-e");
    assertThat(links).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain("secret-"));

    String token = links.get(0).substring(links.get(0).indexOf("last=") + 5);
    String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
    HttpResponse<String> bad = catalog("?n=2&last=" + tampered);
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(bad.body()).path("errors").path(0);
    assertThat(error.path("code").asText()).isEqualTo("PAGINATION_NUMBER_INVALID");

    HttpResponse<String> rootPage =
        http.send(
            HttpRequest.newBuilder(URI.create(node.base() + "/v2/_catalog?n=1"))
                .header("Authorization", node.basicAuth())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String rootLink = rootPage.headers().firstValue("Link").orElseThrow();
    String rootQuery = rootLink.substring(rootLink.indexOf('?'), rootLink.indexOf('>'));
    assertThat(catalog(rootQuery).statusCode()).isEqualTo(400);
  }
}
