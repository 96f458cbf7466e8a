package dev.berth.app;

import static dev.berth.app.ObservedHttp.get;
import static dev.berth.app.ObservedHttp.requestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EcrException;

/**
 * Issue 11: one access log line per request, naming the check that refused it, with the request id
 * the client was given in {@code x-amzn-RequestId}.
 */
class AccessLogEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT_ARN = "arn:aws:iam::000000000000:root";

  @TempDir Path tmp;

  /** The log's lines, once the node has stopped (closing writes every queued line). */
  private static List<String> stopAndRead(TestNode node, Path log) throws Exception {
    node.close();
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }

  private static JsonNode line(List<String> lines, String requestId) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (String l : lines) {
      JsonNode n = JSON.readTree(l);
      if (n.path("request_id").asText().equals(requestId)) {
        found.add(n);
      }
    }
    assertThat(found).as("one line for request " + requestId).hasSize(1);
    return found.get(0);
  }

  @Test
  void json_successes404sDenialsAndUnauthenticatedRequests_withTheClientsRequestId()
      throws Exception {
    Path log = tmp.resolve("logs/access.jsonl");
    TestNode node =
        TestNode.start(
            tmp.resolve("node"), Map.of("access-log", log.toString(), "access-log-format", "json"));
    node.createRepository("team/app");
    String other = "111111111111";
    String[] otherRoot = node.createAccount(other);

    String described;
    String denied;
    String badSignature;
    try (EcrClient ecr = ObservedHttp.rootEcr(node);
        EcrClient stranger = ObservedHttp.ecr(node, otherRoot[0], otherRoot[1]);
        EcrClient forger =
            ObservedHttp.ecr(node, TestNode.ROOT_ACCESS_KEY_ID, "not-the-secret-of-root-0000")) {
      described =
          ecr.describeRepositories(r -> r.repositoryNames("team/app"))
              .responseMetadata()
              .requestId();
      EcrException refused =
          catchThrowableOfType(
              EcrException.class,
              () ->
                  stranger.listImages(
                      r -> r.registryId("000000000000").repositoryName("team/app")));
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
      denied = refused.requestId();
      EcrException forged =
          catchThrowableOfType(EcrException.class, () -> forger.describeRepositories(r -> {}));
      assertThat(forged.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
      badSignature = forged.requestId();
    }
    HttpResponse<byte[]> missing =
        get(node.base().resolve("/v2/team/app/manifests/nope"), "Authorization", node.basicAuth());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Docker-Distribution-API-Version"))
        .contains("registry/2.0");
    HttpResponse<byte[]> anonymous = get(node.base().resolve("/v2/team/app/tags/list"));
    assertThat(anonymous.statusCode()).isEqualTo(401);

    List<String> lines = stopAndRead(node, log);

    JsonNode ok = line(lines, described);
    assertThat(ok.path("status").asInt()).isEqualTo(200);
    assertThat(ok.path("api").asText()).isEqualTo("ecr");
    assertThat(ok.path("operation").asText()).isEqualTo("DescribeRepositories");
    assertThat(ok.path("repository").asText()).isEqualTo("team/app");
    assertThat(ok.path("principal").asText()).isEqualTo(ROOT_ARN);
    assertThat(ok.path("client").asText()).isEqualTo("127.0.0.1");
    assertThat(ok.path("method").asText()).isEqualTo("POST");
    assertThat(ok.path("bytes_in").asLong()).isPositive();
    assertThat(ok.path("bytes_out").asLong()).isPositive();
    assertThat(ok.path("duration_ms").isNumber()).isTrue();
    assertThat(ok.has("refused_by")).isFalse();
    assertThat(ok.has("error")).isFalse();

    JsonNode deny = line(lines, denied);
    assertThat(deny.path("status").asInt()).isEqualTo(400);
    assertThat(deny.path("operation").asText()).isEqualTo("ListImages");
    assertThat(deny.path("principal").asText()).isEqualTo("arn:aws:iam::" + other + ":root");
    assertThat(deny.path("error").asText()).isEqualTo("AccessDeniedException");
    assertThat(deny.path("refused_by").asText()).isEqualTo("authorization");
    assertThat(deny.path("refusal").asText())
        .startsWith("implicit deny: because no resource-based policy allows the ecr:ListImages");

    JsonNode forgedLine = line(lines, badSignature);
    assertThat(forgedLine.path("refused_by").asText()).isEqualTo("signature");
    assertThat(forgedLine.path("error").asText()).isEqualTo("InvalidSignatureException");
    assertThat(forgedLine.has("principal")).isFalse();

    JsonNode notFound = line(lines, requestId(missing));
    assertThat(notFound.path("status").asInt()).isEqualTo(404);
    assertThat(notFound.path("api").asText()).isEqualTo("oci");
    assertThat(notFound.path("operation").asText()).isEqualTo("manifest_get");
    assertThat(notFound.path("repository").asText()).isEqualTo("team/app");
    assertThat(notFound.path("path").asText()).isEqualTo("/v2/team/app/manifests/nope");
    assertThat(notFound.path("error").asText()).isEqualTo("MANIFEST_UNKNOWN");
    assertThat(notFound.has("refused_by")).as("a miss is no refusal").isFalse();

    JsonNode unauthenticated = line(lines, requestId(anonymous));
    assertThat(unauthenticated.path("status").asInt()).isEqualTo(401);
    assertThat(unauthenticated.path("operation").asText()).isEqualTo("tags_list");
    assertThat(unauthenticated.path("refused_by").asText()).isEqualTo("authentication");
    assertThat(unauthenticated.path("error").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(unauthenticated.has("principal")).isFalse();
  }

  @Test
  void text_isOneReadableLinePerRequest() throws Exception {
    Path log = tmp.resolve("access.log");
    TestNode node = TestNode.start(tmp.resolve("node"), Map.of("access-log", log.toString()));
    node.createRepository("team/app");
    HttpResponse<byte[]> missing =
        get(node.base().resolve("/v2/team/app/manifests/nope"), "Authorization", node.basicAuth());
    HttpResponse<byte[]> anonymous = get(node.base().resolve("/v2/team/app/tags/list"));
    List<String> lines = stopAndRead(node, log);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z 404 GET /v2/team/app/manifests/nope .*")
        .contains(" oci/manifest_get id=" + requestId(missing) + " client=127.0.0.1 ")
        .contains(" repository=team/app principal=" + ROOT_ARN + " error=MANIFEST_UNKNOWN");
    assertThat(lines.get(1))
        .contains(" 401 GET /v2/team/app/tags/list ")
        .contains(" id=" + requestId(anonymous) + " ")
        .contains(
            " error=UNAUTHORIZED refused_by=authentication refusal=\"authentication required");
  }

  /** Every response of every API carries one request id, the same in the body where AWS puts it. */
  @Test
  void everyResponse_carriesItsOwnRequestId_andIamErrorsRepeatIt() throws Exception {
    TestNode node = TestNode.start(tmp.resolve("node"));
    try {
      Set<String> ids = new HashSet<>();
      for (String path : List.of("/healthz", "/readyz", "/metrics", "/v2/", "/nowhere", "/ui/")) {
        ids.add(requestId(get(node.base().resolve(path))));
      }
      HttpResponse<byte[]> iam =
          ObservedHttp.send(
              HttpRequest.newBuilder(node.base().resolve("/"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString("Action=ListUsers&Version=2010-05-08")));
      assertThat(iam.statusCode()).isEqualTo(403);
      Matcher m = Pattern.compile("<RequestId>([^<]+)</RequestId>").matcher(ObservedHttp.text(iam));
      assertThat(m.find()).isTrue();
      assertThat(m.group(1)).isEqualTo(requestId(iam));
      ids.add(requestId(iam));
      assertThat(ids).hasSize(7).allMatch(id -> id.matches("[0-9a-f-]{36}"));
    } finally {
      node.close();
    }
  }

  /** Concurrent requests: each one line, with the id its client got (none lost, none mixed). */
  @Test
  void concurrentRequests_eachLogOneLineWithTheirId() throws Exception {
    Path log = tmp.resolve("access.jsonl");
    TestNode node =
        TestNode.start(
            tmp.resolve("node"), Map.of("access-log", log.toString(), "access-log-format", "json"));
    Set<String> given = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        running.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    given.add(
                        requestId(get(node.base().resolve(i % 2 == 0 ? "/healthz" : "/v2/"))));
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    }
    List<String> lines = stopAndRead(node, log);
    assertThat(given).hasSize(400);
    Set<String> logged = new HashSet<>();
    for (String l : lines) {
      logged.add(JSON.readTree(l).path("request_id").asText());
    }
    assertThat(lines).hasSize(400);
    assertThat(logged).isEqualTo(given);
  }
}
