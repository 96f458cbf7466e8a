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
import java.util.HexFormat;
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
}
