package dev.berth.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Main;
import dev.berth.common.Json;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker-credential-berth} as {@code berth install-credential-helper} writes it, run by the
 * real skopeo and podman through a {@code credHelpers} entry in their auth file, with credentials
 * from a shared credentials file: one node for the class, a fresh identity (root access key) and
 * cache per test.
 */
class CredentialHelperEndToEndTest {
  @TempDir static Path shared;
  private static HelperNode node;
  private static Path bin;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    ContainerTools.requireInstalled("skopeo");
    ContainerTools.requireInstalled("podman");
    node = HelperNode.start(shared.resolve("data"));
    bin = shared.resolve("bin");
    assertThat(Main.run("install-credential-helper", "--dir", bin.toString())).isZero();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private ContainerTools tools(Identity id) {
    return ContainerTools.in(tmp.resolve("tools"), bin, id, node.hostPort());
  }

  private Identity newIdentity() {
    String[] key = node.newRootKey();
    return Identity.of(tmp.resolve("identity"), key[0], key[1]);
  }

  private String docker(String reference) {
    return "docker://" + node.hostPort() + "/" + reference;
  }

  static String sha256(String text) throws Exception {
    return "sha256:"
        + HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode json(Skopeo.Result r) throws IOException {
    return Json.mapper().readTree(r.orThrow().stdout());
  }

  @Test
  void installedScript_speaksTheProtocol() throws Exception {
    Path script = bin.resolve("docker-credential-berth");
    assertThat(Files.getPosixFilePermissions(script))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(Files.readString(script)).startsWith("#!/bin/sh\n");
    Identity id = newIdentity();
    ContainerTools t = tools(id);

    JsonNode login = json(t.sh("printf %s \"$1\" | docker-credential-berth get", node.hostPort()));
    assertThat(login.path("ServerURL").asText()).isEqualTo(node.hostPort());
    assertThat(login.path("Username").asText()).isEqualTo("AWS");
    assertThat(node.verify(login.path("Secret").asText()).accessKeyId()).isEqualTo(id.keyId());
    assertThat(json(t.sh("docker-credential-berth list")).path(node.hostPort()).asText())
        .isEqualTo("AWS");

    Skopeo.Result store =
        t.sh(
            "echo '{\"ServerURL\":\"x\",\"Username\":\"AWS\",\"Secret\":\"y\"}' | docker-credential-berth store");
    assertThat(store.exitCode()).isEqualTo(1);
    assertThat(store.stdout()).isEqualTo("not implemented\n");
    Skopeo.Result unknown = t.sh("printf 127.0.0.1:1 | docker-credential-berth get");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stdout()).isEqualTo("credentials not found in native keychain\n");
  }

  @Test
  void skopeo_pushesAndPullsThroughCredHelpers_andTheSecondLoginComesFromTheCache()
      throws Exception {
    node.createRepository("skopeo/app");
    Identity id = newIdentity();
    ContainerTools t = tools(id);
    Path src = tmp.resolve("src");
    OciLayoutFixture.Image image = OciLayoutFixture.writeImage(src, "v1", 2, 64 * 1024, 11L);

    t.skopeo(
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "oci:" + src + ":v1",
            docker("skopeo/app:v1"))
        .orThrow();
    assertThat(id.cacheFile()).exists();

    // The key is gone: GetAuthorizationToken would fail now, so the pull's login is the cached one.
    node.revoke(id.keyId());
    String raw =
        t.skopeo("inspect", "--raw", "--tls-verify=false", docker("skopeo/app:v1"))
            .orThrow()
            .stdout();
    assertThat(sha256(raw)).isEqualTo(image.digest());
    Path out = tmp.resolve("out");
    t.skopeo(
            "copy",
            "--quiet",
            "--src-tls-verify=false",
            docker("skopeo/app:v1"),
            "oci:" + out + ":v1")
        .orThrow();
    assertThat(out.resolve("blobs/sha256/" + image.digest().substring(7))).exists();

    // Control: without the cache (and with the key revoked) there is no login, and the pull fails.
    Files.delete(id.cacheFile());
    Skopeo.Result refused =
        t.skopeo("inspect", "--raw", "--tls-verify=false", docker("skopeo/app:v1"));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).containsIgnoringCase("unauthorized");
  }

  @Test
  void podman_pullsAndPushesThroughCredHelpers() throws Exception {
    node.createRepository("podman/base");
    node.createRepository("podman/copy");
    Identity id = newIdentity();
    ContainerTools t = tools(id);
    Path src = tmp.resolve("src");
    OciLayoutFixture.Image image = OciLayoutFixture.writeImage(src, "v1", 1, 32 * 1024, 5L);
    t.skopeo(
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "oci:" + src + ":v1",
            docker("podman/base:v1"))
        .orThrow();

    String ref = node.hostPort() + "/podman/base:v1";
    t.podman("pull", "--quiet", "--tls-verify=false", "--authfile", t.authFile().toString(), ref)
        .orThrow();
    assertThat(
            t.podman("image", "inspect", "--format", "{{.Digest}}", ref).orThrow().stdout().strip())
        .isEqualTo(image.digest());

    String copy = node.hostPort() + "/podman/copy:v1";
    t.podman("tag", ref, copy).orThrow();
    Path digestFile = tmp.resolve("pushed.digest");
    t.podman(
            "push",
            "--quiet",
            "--tls-verify=false",
            "--authfile",
            t.authFile().toString(),
            "--digestfile",
            digestFile.toString(),
            copy)
        .orThrow();
    String pushed = Files.readString(digestFile).strip();
    String served =
        t.skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + copy).orThrow().stdout();
    assertThat(sha256(served)).isEqualTo(pushed);
  }

  /** {@code aws --endpoint-url <node> --output json ...} as the node's root; the parsed answer. */
  private static JsonNode aws(String... args) throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("AWS_ACCESS_KEY_ID", HelperNode.ROOT_ACCESS_KEY_ID);
    env.put("AWS_SECRET_ACCESS_KEY", HelperNode.ROOT_SECRET_ACCESS_KEY);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", "/nonexistent");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    env.remove("AWS_PROFILE");
    List<String> cmd =
        new ArrayList<>(
            List.of("aws", "--endpoint-url", "http://" + node.hostPort(), "--output", "json"));
    cmd.addAll(List.of(args));
    Skopeo.Result r = Skopeo.exec(ContainerTools.TIMEOUT, env, cmd).orThrow();
    return r.stdout().isBlank()
        ? Json.mapper().createObjectNode()
        : Json.mapper().readTree(r.stdout());
  }

  @Test
  void assumedRoleProfile_getsALoginOfTheRoleSession() throws Exception {
    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"arn:aws:iam::"
            + node.account().value()
            + ":root\"},"
            + "\"Action\":\"sts:AssumeRole\"}]}";
    aws("iam", "create-role", "--role-name", "pusher", "--assume-role-policy-document", trust);
    aws(
        "iam",
        "attach-role-policy",
        "--role-name",
        "pusher",
        "--policy-arn",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser");
    aws("iam", "create-user", "--user-name", "deployer");
    aws(
        "iam",
        "put-user-policy",
        "--user-name",
        "deployer",
        "--policy-name",
        "assume-pusher",
        "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}");
    JsonNode key = aws("iam", "create-access-key", "--user-name", "deployer").path("AccessKey");
    Identity id =
        Identity.of(
            tmp.resolve("identity"),
            key.path("AccessKeyId").asText(),
            key.path("SecretAccessKey").asText());
    Path config =
        Files.writeString(
            tmp.resolve("aws-config"),
            "[profile pusher]\nrole_arn = arn:aws:iam::"
                + node.account().value()
                + ":role/pusher\nsource_profile = default\nregion = us-east-1\n");
    ContainerTools t = tools(id);
    Skopeo.Result r =
        t.sh(
            "printf %s \"$1\" | AWS_CONFIG_FILE=\"$2\" AWS_PROFILE=pusher AWS_ENDPOINT_URL_STS=\"$3\""
                + " docker-credential-berth get",
            node.hostPort(), config.toString(), "http://" + node.hostPort());
    var principal = node.verify(json(r).path("Secret").asText());
    assertThat(principal.arn())
        .startsWith("arn:aws:sts::" + node.account().value() + ":assumed-role/pusher/");
  }
}
