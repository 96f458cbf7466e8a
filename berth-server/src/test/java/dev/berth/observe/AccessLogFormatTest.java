package dev.berth.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11: what one access log line says, in both formats. */
class AccessLogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

  private static RequestRecord record() {
    return new RequestRecord(
        "5b0f6c1e-0000-4000-8000-000000000001",
        AT,
        System.nanoTime(),
        "127.0.0.1",
        "GET",
        "/v2/team/app/manifests/v1");
  }

  @Test
  void json_hasEveryKnownField_andLeavesOutTheUnknownOnes() throws Exception {
    RequestRecord r = record().api("oci").operation("manifest_get");
    r.complete(200, 0, 512);
    JsonNode line = JSON.readTree(AccessLogFormat.JSON.apply(r));
    assertThat(line.path("time").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
    assertThat(line.path("request_id").asText()).isEqualTo(r.id());
    assertThat(line.path("client").asText()).isEqualTo("127.0.0.1");
    assertThat(line.path("method").asText()).isEqualTo("GET");
    assertThat(line.path("path").asText()).isEqualTo("/v2/team/app/manifests/v1");
    assertThat(line.path("status").asInt()).isEqualTo(200);
    assertThat(line.path("bytes_in").asLong()).isZero();
    assertThat(line.path("bytes_out").asLong()).isEqualTo(512);
    assertThat(line.path("duration_ms").isNumber()).isTrue();
    assertThat(line.path("api").asText()).isEqualTo("oci");
    assertThat(line.path("operation").asText()).isEqualTo("manifest_get");
    List<String> keys = iterable(line);
    assertThat(keys).doesNotContain("repository", "principal", "error", "refused_by", "refusal");
  }

  @Test
  void json_ofARefusal_namesTheCheck() throws Exception {
    RequestRecord r =
        record()
            .api("ecr")
            .operation("PutImage")
            .repository("team/app")
            .principal("arn:aws:iam::000000000000:user/dev")
            .error("AccessDeniedException")
            .refused("authorization", "explicit deny: in an identity-based policy")
            .refused("limits", "a later refusal does not replace the first");
    r.complete(400, 120, 300);
    JsonNode line = JSON.readTree(AccessLogFormat.JSON.apply(r));
    assertThat(line.path("repository").asText()).isEqualTo("team/app");
    assertThat(line.path("principal").asText()).isEqualTo("arn:aws:iam::000000000000:user/dev");
    assertThat(line.path("error").asText()).isEqualTo("AccessDeniedException");
    assertThat(line.path("refused_by").asText()).isEqualTo("authorization");
    assertThat(line.path("refusal").asText())
        .isEqualTo("explicit deny: in an identity-based policy");
  }

  @Test
  void text_isOneLineOfTokens_withTheRefusalQuotedLast() {
    RequestRecord r =
        record()
            .api("ecr")
            .operation("DescribeRepositories")
            .repository("bad name\nwith a newline")
            .refused("validation", "1 validation error \"detected\"\n");
    r.complete(400, 10, 20);
    String line = AccessLogFormat.TEXT.apply(r);
    assertThat(line).doesNotContain("\n");
    assertThat(line)
        .startsWith("2026-01-02T03:04:05.678Z 400 GET /v2/team/app/manifests/v1 ")
        .contains(" in=10 out=20 ecr/DescribeRepositories id=" + r.id() + " client=127.0.0.1")
        .contains(" repository=bad%20name%0Awith%20a%20newline")
        .endsWith(" refused_by=validation refusal=\"1 validation error \\\"detected\\\"\\n\"");
  }

  private static List<String> iterable(JsonNode node) {
    List<String> out = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
