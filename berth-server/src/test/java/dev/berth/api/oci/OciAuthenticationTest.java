package dev.berth.api.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.oci.OciHttp.Reply;
import dev.berth.app.TestNode;
import dev.berth.model.AccountId;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code /v2/} requires {@code Basic AWS:<token>}; nothing gets in without a valid one. */
class OciAuthenticationTest extends OciConformanceSupport {
  private static final String DEFAULT = "000000000000";

  private OciHttp anonymous() {
    return new OciHttp(node.base(), Optional.empty());
  }

  @Test
  void everyEndpoint_withoutCredentials_isUnauthorizedWithABasicChallenge() {
    String repo = newRepo("auth-anon");
    pushImage(repo, "v1");
    OciHttp anon = anonymous();
    for (String path :
        new String[] {
          "/v2/",
          "/v2/_catalog",
          "/v2/" + repo + "/tags/list",
          "/v2/" + repo + "/manifests/v1",
          "/v2/nope/x"
        }) {
      Reply r = anon.get(path);
      assertError(r, 401, "UNAUTHORIZED");
      assertThat(r.header("WWW-Authenticate"))
          .as(path)
          .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
    }
    Reply push =
        anon.send(
            "POST",
            "/v2/" + repo + "/blobs/uploads/",
            java.net.http.HttpRequest.BodyPublishers.noBody());
    assertError(push, 401, "UNAUTHORIZED");
  }

  @Test
  void forgedExpiredOrMalformedTokens_areRejected() {
    String token = node.registryToken();
    String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    String expired = node.registryToken(new AccountId(DEFAULT), Duration.ofSeconds(-5));
    String[] headers = {
      TestNode.basic(forged),
      TestNode.basic(expired),
      TestNode.basic("not-a-token"),
      "Basic "
          + Base64.getEncoder()
              .encodeToString(("alice:" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
      "Basic %%%",
      "Bearer " + token
    };
    for (String h : headers) {
      Reply r =
          http.send(
              "GET", "/v2/", java.net.http.HttpRequest.BodyPublishers.noBody(), "Authorization", h);
      assertError(r, 401, "UNAUTHORIZED");
    }
    Reply expiredReply =
        http.send(
            "GET",
            "/v2/",
            java.net.http.HttpRequest.BodyPublishers.noBody(),
            "Authorization",
            TestNode.basic(expired));
    assertThat(expiredReply.text()).contains("expired");
  }

  @Test
  void tokenOfOneAccount_isDeniedOnAnotherAccountsRegistry() {
    Reply r =
        http.raw(
            "GET",
            "/v2/_catalog",
            Map.of("Host", "111111111111.dkr.ecr.us-east-1.localhost"),
            new byte[0]);
    assertError(r, 403, "DENIED");
    assertThat(r.text()).contains("arn:aws:iam::000000000000:root").contains("111111111111");
  }

  /** Issue 13: a registry name of a region the node does not serve never lands in the home one. */
  @Test
  void aRegistryNameOfAnUnservedRegion_isDenied() {
    Reply r =
        http.raw(
            "GET",
            "/v2/team/app/tags/list",
            Map.of("Host", "000000000000.dkr.ecr.us-west-2.localhost"),
            new byte[0]);
    assertError(r, 403, "DENIED");
    assertThat(r.text()).contains("does not serve the region us-west-2");
  }

  @Test
  void validToken_getsIn() {
    assertThat(http.get("/v2/").status()).isEqualTo(200);
  }
}
