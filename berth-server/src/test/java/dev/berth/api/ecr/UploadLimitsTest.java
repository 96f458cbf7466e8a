package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.app.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.LimitExceededException;

/**
 * Issue 9, item 9: open upload sessions are bounded per principal and per repository (ECR answers
 * {@code LimitExceededException}, {@code /v2/} 429 {@code TOOMANYREQUESTS}), and this node's state
 * of a session goes with the session, also when DeleteRepository removes it.
 */
class UploadLimitsTest {
  @TempDir Path dir;
  private TestNode node;
  private EcrClient ecr;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir, Map.of("uploads-per-principal", "4", "uploads-per-repository", "6"));
    ecr = EcrClients.root(node);
    ecr.createRepository(r -> r.repositoryName("team/app"));
  }

  @AfterEach
  void stop() {
    ecr.close();
    node.close();
  }

  @Test
  void openSessions_areBoundedPerPrincipal_onBothApis() throws Exception {
    for (int i = 0; i < 3; i++) {
      ecr.initiateLayerUpload(r -> r.repositoryName("team/app"));
    }
    assertThat(postUpload().statusCode()).isEqualTo(202);
    assertThatThrownBy(() -> ecr.initiateLayerUpload(r -> r.repositoryName("team/app")))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("limit of 4");
    HttpResponse<String> refused = postUpload();
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("TOOMANYREQUESTS");
  }

  @Test
  void openSessions_areBoundedPerRepository() {
    ecr.createRepository(r -> r.repositoryName("team/other"));
    // Another principal's sessions count against the repository, not against root.
    node.berth()
        .services()
        .uploads()
        .start(repository("team/app"), "arn:aws:iam::000000000000:user/ci");
    node.berth()
        .services()
        .uploads()
        .start(repository("team/app"), "arn:aws:iam::000000000000:user/ci");
    for (int i = 0; i < 4; i++) {
      ecr.initiateLayerUpload(r -> r.repositoryName("team/app"));
    }
    var uploads = node.berth().services().uploads();
    assertThatThrownBy(
            () -> uploads.start(repository("team/app"), "arn:aws:iam::000000000000:user/other"))
        .hasMessageContaining("limit of 6");
  }

  @Test
  void deleteRepository_freesTheSessionsState() {
    var services = node.berth().services();
    for (int i = 0; i < 3; i++) {
      String id = ecr.initiateLayerUpload(r -> r.repositoryName("team/app")).uploadId();
      ecr.uploadLayerPart(
          r ->
              r.repositoryName("team/app")
                  .uploadId(id)
                  .partFirstByte(0L)
                  .partLastByte(9L)
                  .layerPartBlob(SdkBytes.fromByteArray(new byte[10])));
    }
    assertThat(services.meta().uploads().countAll()).isEqualTo(3);
    assertThat(services.blobStore().stagingKeys()).hasSize(3);
    ecr.deleteRepository(r -> r.repositoryName("team/app").force(true));
    assertThat(services.meta().uploads().countAll()).isZero();
    assertThat(services.blobStore().stagingKeys()).isEmpty();
    ecr.createRepository(r -> r.repositoryName("team/app"));
    ecr.initiateLayerUpload(r -> r.repositoryName("team/app"));
  }

  private dev.berth.model.Repository repository(String name) {
    return node.berth()
        .services()
        .repositories()
        .get(
            node.berth().config().registry().home(),
            dev.berth.registry.RepositoryService.name(name));
  }

  private HttpResponse<String> postUpload() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.base() + "/v2/team/app/blobs/uploads/"))
            .header("Authorization", node.basicAuth())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
