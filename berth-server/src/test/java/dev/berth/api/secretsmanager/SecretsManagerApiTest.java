package dev.berth.api.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.ecr.SignedHttp;
import dev.berth.api.ecr.SignedHttp.Reply;
import dev.berth.app.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets Manager over signed HTTP: answers, AWS's exception names and messages, paging. */
class SecretsManagerApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String T1 = "11111111-1111-1111-1111-111111111111";
  private static final String T2 = "22222222-2222-2222-2222-222222222222";
  private static final String NOT_FOUND = "Secrets Manager can't find the specified secret.";

  @TempDir static Path dir;
  private static TestNode node;
  private static SignedHttp http;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(dir);
    http =
        new SignedHttp(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Reply call(String operation, String json) {
    return http.call("secretsmanager." + operation, json, "secretsmanager");
  }

  private static JsonNode ok(String operation, String json) {
    Reply r = call(operation, json);
    assertThat(r.status()).as(operation + " " + r.body()).isEqualTo(200);
    return r.body();
  }

  private static void fails(Reply r, String type, String message) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
    assertThat(r.body().path("__type").asText()).isEqualTo(type);
    assertThat(r.body().path("message").asText()).isEqualTo(message);
  }

  private static String create(String name, String token, String value) {
    ObjectNode in = JSON.createObjectNode().put("Name", name).put("ClientRequestToken", token);
    in.put("SecretString", value);
    return ok("CreateSecret", in.toString()).path("ARN").asText();
  }

  @Test
  void createGetPutDescribe_overTheWire() {
    JsonNode created =
        ok(
            "CreateSecret",
            "{\"Name\":\"ecr-pullthroughcache/api\",\"ClientRequestToken\":\""
                + T1
                + "\",\"SecretString\":\"{\\\"username\\\":\\\"u\\\"}\",\"Description\":\"hub\","
                + "\"KmsKeyId\":\"alias/mine\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"infra\"}]}");
    String arn = created.path("ARN").asText();
    assertThat(arn)
        .matches(
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/api-[A-Za-z0-9]{6}");
    assertThat(created.path("Name").asText()).isEqualTo("ecr-pullthroughcache/api");
    assertThat(created.path("VersionId").asText()).isEqualTo(T1);

    JsonNode got = ok("GetSecretValue", "{\"SecretId\":\"" + arn + "\"}");
    assertThat(got.path("SecretString").asText()).isEqualTo("{\"username\":\"u\"}");
    assertThat(got.path("VersionStages").toString()).isEqualTo("[\"AWSCURRENT\"]");
    assertThat(got.path("CreatedDate").isNumber()).isTrue();

    JsonNode put =
        ok(
            "PutSecretValue",
            "{\"SecretId\":\"ecr-pullthroughcache/api\",\"ClientRequestToken\":\""
                + T2
                + "\",\"SecretString\":\"two\"}");
    assertThat(put.path("VersionId").asText()).isEqualTo(T2);
    assertThat(put.path("VersionStages").toString()).isEqualTo("[\"AWSCURRENT\"]");

    JsonNode d = ok("DescribeSecret", "{\"SecretId\":\"ecr-pullthroughcache/api\"}");
    assertThat(d.path("ARN").asText()).isEqualTo(arn);
    assertThat(d.path("Description").asText()).isEqualTo("hub");
    assertThat(d.path("KmsKeyId").asText()).isEqualTo("alias/mine");
    assertThat(d.path("Tags").toString()).isEqualTo("[{\"Key\":\"team\",\"Value\":\"infra\"}]");
    assertThat(d.path("VersionIdsToStages").path(T2).toString()).isEqualTo("[\"AWSCURRENT\"]");
    assertThat(d.path("VersionIdsToStages").path(T1).toString()).isEqualTo("[\"AWSPREVIOUS\"]");
    assertThat(d.has("DeletedDate")).isFalse();
    assertThat(d.path("LastChangedDate").isNumber()).isTrue();

    fails(
        call(
            "PutSecretValue",
            "{\"SecretId\":\""
                + arn
                + "\",\"ClientRequestToken\":\""
                + T2
                + "\",\"SecretString\":\"x\"}"),
        "ResourceExistsException",
        "You can't modify an existing version, you can only create a new version.");
    fails(
        call("GetSecretValue", "{\"SecretId\":\"" + arn + "\",\"VersionStage\":\"AWSPENDING\"}"),
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSPENDING");
  }

  @Test
  void binaryValues_areBase64OnTheWire() {
    byte[] bytes = {0, 1, (byte) 0xfe, (byte) 0xff};
    String b64 = Base64.getEncoder().encodeToString(bytes);
    ok(
        "CreateSecret",
        "{\"Name\":\"api-binary\",\"ClientRequestToken\":\""
            + T1
            + "\",\"SecretBinary\":\""
            + b64
            + "\"}");
    JsonNode got = ok("GetSecretValue", "{\"SecretId\":\"api-binary\"}");
    assertThat(got.path("SecretBinary").asText()).isEqualTo(b64);
    assertThat(got.has("SecretString")).isFalse();
  }

  @Test
  void errors_useSecretsManagersNamesAndWords() {
    fails(
        call("GetSecretValue", "{\"SecretId\":\"api-absent\"}"),
        "ResourceNotFoundException",
        NOT_FOUND);
    fails(
        call("DescribeSecret", "{\"SecretId\":\"api-absent\"}"),
        "ResourceNotFoundException",
        NOT_FOUND);
    create("api-twice", T1, "one");
    fails(
        call(
            "CreateSecret",
            "{\"Name\":\"api-twice\",\"ClientRequestToken\":\""
                + T2
                + "\",\"SecretString\":\"x\"}"),
        "ResourceExistsException",
        "The operation failed because the secret api-twice already exists.");
    fails(
        call(
            "CreateSecret",
            "{\"Name\":\"api-both\",\"SecretString\":\"x\",\"SecretBinary\":\"AAAA\"}"),
        "InvalidParameterException",
        "You can't specify both a binary secret value and a string secret value in the same secret.");
    fails(
        call("CreateSecret", "{\"Name\":\"bad name!\"}"),
        "InvalidParameterException",
        "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
    Reply shortToken =
        call(
            "PutSecretValue",
            "{\"SecretId\":\"api-twice\",\"ClientRequestToken\":\"short\",\"SecretString\":\"x\"}");
    assertThat(shortToken.body().path("__type").asText())
        .as("validated against the model")
        .isEqualTo("InvalidParameterException");
    fails(
        call("PutSecretValue", "{\"SecretId\":\"api-twice\"}"),
        "InvalidRequestException",
        "You must provide either SecretString or SecretBinary.");
    Reply rotate = call("RotateSecret", "{\"SecretId\":\"api-twice\"}");
    assertThat(rotate.body().path("__type").asText()).isEqualTo("UnsupportedOperationException");
  }

  @Test
  void delete_withARecoveryWindow_thenRestore_orForcedAtOnce() {
    create("api-deleted", T1, "one");
    fails(
        call("DeleteSecret", "{\"SecretId\":\"api-deleted\",\"RecoveryWindowInDays\":3}"),
        "InvalidParameterException",
        "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    fails(
        call(
            "DeleteSecret",
            "{\"SecretId\":\"api-deleted\",\"RecoveryWindowInDays\":7,\"ForceDeleteWithoutRecovery\":true}"),
        "InvalidParameterException",
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    JsonNode deleted = ok("DeleteSecret", "{\"SecretId\":\"api-deleted\"}");
    double in30Days = System.currentTimeMillis() / 1000.0 + 30 * 86_400;
    assertThat(deleted.path("DeletionDate").asDouble()).isBetween(in30Days - 120, in30Days + 120);
    assertThat(
            ok("DescribeSecret", "{\"SecretId\":\"api-deleted\"}").path("DeletedDate").asDouble())
        .isEqualTo(deleted.path("DeletionDate").asDouble());
    fails(
        call("GetSecretValue", "{\"SecretId\":\"api-deleted\"}"),
        "InvalidRequestException",
        "You can't perform this operation on the secret because it was marked for deletion.");
    assertThat(ok("RestoreSecret", "{\"SecretId\":\"api-deleted\"}").path("Name").asText())
        .isEqualTo("api-deleted");
    assertThat(ok("GetSecretValue", "{\"SecretId\":\"api-deleted\"}").path("SecretString").asText())
        .isEqualTo("one");

    ok("DeleteSecret", "{\"SecretId\":\"api-deleted\",\"ForceDeleteWithoutRecovery\":true}");
    fails(
        call("DescribeSecret", "{\"SecretId\":\"api-deleted\"}"),
        "ResourceNotFoundException",
        NOT_FOUND);
  }

  @Test
  void listSecrets_pagesWithSealedTokens_andFilters() {
    for (int i = 0; i < 3; i++) {
      create("api-list/" + i, T1, "v" + i);
    }
    String filter = "\"Filters\":[{\"Key\":\"name\",\"Values\":[\"api-list/\"]}]";
    List<String> names = new ArrayList<>();
    String token = "";
    do {
      JsonNode page =
          ok(
              "ListSecrets",
              "{\"MaxResults\":2,"
                  + filter
                  + (token.isEmpty() ? "" : ",\"NextToken\":\"" + token + "\"")
                  + "}");
      page.path("SecretList").forEach(e -> names.add(e.path("Name").asText()));
      assertThat(page.path("SecretList").get(0).path("SecretVersionsToStages").path(T1).toString())
          .isEqualTo("[\"AWSCURRENT\"]");
      token = page.path("NextToken").asText("");
    } while (!token.isEmpty());
    assertThat(names).containsExactly("api-list/0", "api-list/1", "api-list/2");

    String first =
        ok("ListSecrets", "{\"MaxResults\":1," + filter + "}").path("NextToken").asText();
    Reply otherQuery = call("ListSecrets", "{\"MaxResults\":1,\"NextToken\":\"" + first + "\"}");
    assertThat(otherQuery.body().path("__type").asText())
        .as("a token serves only the listing that issued it")
        .isEqualTo("InvalidNextTokenException");
  }
}
