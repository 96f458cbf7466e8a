package dev.berth.api.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.oci.OciHttp.Reply;
import dev.berth.model.AccountId;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.RegistryId;
import dev.berth.registry.RepositoryService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The base endpoint, routing, the error envelope, path traversal and account selection by host. */
class OciConformanceBaseTest extends OciConformanceSupport {
  private static final String OTHER_ACCOUNT = "111111111111";
  private static final String OTHER_HOST = OTHER_ACCOUNT + ".dkr.ecr.us-east-1.localhost";

  @Test
  void base_answersEmptyObjectWithApiVersion() {
    Reply r = http.get("/v2/");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Docker-Distribution-API-Version")).hasValue("registry/2.0");
    assertThat(r.header("Content-Type")).hasValue("application/json");
    assertThat(r.text()).isEqualTo("{}");
  }

  @Test
  void base_withoutTrailingSlashAndByHead_answers200() {
    assertThat(http.get("/v2").status()).isEqualTo(200);
    Reply head = http.head("/v2/");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Docker-Distribution-API-Version")).hasValue("registry/2.0");
  }

  @Test
  void unknownPathUnderV2_answers404InOciErrorEnvelope() {
    String repo = newRepo("base-unknown");
    for (String path :
        List.of("/v2/" + repo + "/nothing-here", "/v2/" + repo, "/v2/_catalog/extra")) {
      Reply r = http.get(path);
      JsonNode error = assertError(r, 404, "UNSUPPORTED");
      assertThat(error.get("message").asText()).as(path).contains(path);
    }
  }

  @Test
  void unknownTopLevelPath_answers404() {
    for (String path : List.of("/", "/v1/", "/v22/", "/index.html", "/v2x")) {
      assertThat(http.get(path).status()).as(path).isEqualTo(404);
    }
  }

  @Test
  void methodNotAllowedOnKnownEndpoint_answers405WithAllowHeader() {
    String repo = newRepo("base-method");

    Reply tags = http.post("/v2/" + repo + "/tags/list", new byte[0]);
    Reply base = http.delete("/v2/");
    Reply uploads = http.put("/v2/" + repo + "/blobs/uploads/", new byte[0]);

    assertError(tags, 405, "UNSUPPORTED");
    assertThat(tags.header("Allow")).hasValue("GET");
    assertError(base, 405, "UNSUPPORTED");
    assertThat(base.header("Allow")).hasValue("GET, HEAD");
    assertError(uploads, 405, "UNSUPPORTED");
    assertThat(uploads.header("Allow")).hasValue("POST");
  }

  @Test
  void repositoryNamesContainingEndpointWords_routeToTheLongestName() {
    String repo = newRepo("team/blobs/uploads/manifests/tags");
    byte[] manifest = pushImage(repo, "v1");

    Reply get = http.get("/v2/" + repo + "/manifests/v1");
    Reply tags = http.get("/v2/" + repo + "/tags/list");

    assertThat(get.status()).as("%s", get).isEqualTo(200);
    assertThat(get.body()).isEqualTo(manifest);
    assertThat(tags.json().get("name").asText()).isEqualTo(repo);
    assertError(http.get("/v2/team/blobs/uploads/manifests/v1"), 404, "NAME_UNKNOWN");
  }

  @Test
  void missingRepository_answersNameUnknownWithEcrMessage() {
    Reply r = http.get("/v2/x-missing/tags/list");

    JsonNode error = assertError(r, 404, "NAME_UNKNOWN");
    assertThat(error.get("message").asText())
        .isEqualTo(
            "The repository with name 'x-missing' does not exist in the registry with id"
                + " '000000000000'");
  }

  @Test
  void invalidRepositoryNames_answerNameInvalid() {
    for (String name : List.of("UPPER", "a", "a//b", "_x", "a_", "a--", "a/b/", "a%20b")) {
      assertError(http.get("/v2/" + name + "/tags/list"), 400, "NAME_INVALID");
      assertError(http.get("/v2/" + name + "/manifests/latest"), 400, "NAME_INVALID");
    }
  }

  @Test
  void dotDotInRepositoryName_isNotResolvedButRejected() {
    String repo = newRepo("base-dots");
    pushImage(repo, "v1");

    Reply viaDots = http.raw("GET", "/v2/other/../" + repo + "/manifests/v1");
    Reply invalid = http.raw("GET", "/v2/a/../b/manifests/x");

    assertError(viaDots, 400, "NAME_INVALID");
    assertError(invalid, 400, "NAME_INVALID");
  }

  @Test
  void pathTraversal_neverServesFiles() {
    String repo = newRepo("base-traversal");
    pushImage(repo, "v1");
    List<String> targets =
        List.of(
            "/v2/../../etc/passwd/manifests/x",
            "/v2/../../../../etc/passwd",
            "/v2/a/%2e%2e/b/manifests/x",
            "/v2/%2e%2e/%2e%2e/etc/passwd/manifests/x",
            "/v2/foo/blobs/sha256:..%2f..%2fx",
            "/v2/" + repo + "/blobs/sha256:..%2f..%2f..%2fberth.db",
            "/v2/" + repo + "/blobs/sha256%3a..%2f..%2fmaster.key",
            "/v2/" + repo + "/blobs/..%2f..%2fberth.db",
            "/v2/" + repo + "/blobs/uploads/..%2f..%2fberth.db",
            "/v2/" + repo + "/manifests/..%2f..%2fberth.db",
            "/v2/" + repo + "/blobs/%2e%2e",
            "/v2/" + repo + "/blobs/uploads/%2e%2e");
    for (String target : targets) {
      Reply r = http.raw("GET", target);
      assertThat(r.status()).as(target).isNotEqualTo(200).isGreaterThanOrEqualTo(400);
      String body = new String(r.body(), StandardCharsets.ISO_8859_1);
      assertThat(body).as(target).doesNotContain("root:").doesNotContain("SQLite format");
      assertThat(r.body().length).as(target).isLessThan(4096);
    }
  }

  @Test
  void hostHeader_selectsAccount() {
    String repo = newRepo("base-account");
    pushImage(repo, "v1");

    Reply other =
        http.raw(
            "GET",
            "/v2/" + repo + "/tags/list",
            Map.of(
                "Host", OTHER_HOST, "Authorization", node.basicAuth(new AccountId(OTHER_ACCOUNT))),
            new byte[0]);

    JsonNode error = assertError(other, 404, "NAME_UNKNOWN");
    assertThat(error.get("message").asText())
        .isEqualTo(
            "The repository with name '"
                + repo
                + "' does not exist in the registry with id '"
                + OTHER_ACCOUNT
                + "'");
    Reply mine = http.raw("GET", "/v2/" + repo + "/tags/list", Map.of(), new byte[0]);
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.json().get("tags").get(0).asText()).isEqualTo("v1");
  }

  @Test
  void hostHeader_reachesRepositoriesOfThatAccountOnly() {
    String name = "base-acct-only";
    node.berth()
        .services()
        .repositories()
        .create(
            new RegistryId(new AccountId(OTHER_ACCOUNT), "us-east-1"),
            RepositoryService.name(name),
            ImageTagMutability.MUTABLE,
            false);

    Reply viaHost =
        http.raw(
            "GET",
            "/v2/" + name + "/tags/list",
            Map.of(
                "Host",
                OTHER_HOST.toUpperCase(Locale.ROOT) + ":5000",
                "Authorization",
                node.basicAuth(new AccountId(OTHER_ACCOUNT))),
            new byte[0]);
    Reply viaDefault = http.get("/v2/" + name + "/tags/list");

    assertThat(viaHost.status()).as("%s", viaHost).isEqualTo(200);
    assertThat(viaHost.json().get("name").asText()).isEqualTo(name);
    assertError(viaDefault, 404, "NAME_UNKNOWN");
  }
}
