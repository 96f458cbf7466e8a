package dev.berth.cli.credentials;

import dev.berth.app.Berth;
import dev.berth.auth.Principal;
import dev.berth.auth.RegistryTokens;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.meta.AccessKey;
import dev.berth.model.AccountId;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.RegistryId;
import dev.berth.registry.RepositoryService;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Berth node on an ephemeral loopback port for the credential helper's tests, with keys for the
 * default account's root that a test can hand out and revoke.
 */
final class HelperNode implements AutoCloseable {
  static final String ROOT_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  static final String ROOT_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private static final AtomicInteger KEYS = new AtomicInteger();

  private final Berth berth;

  private HelperNode(Berth berth) {
    this.berth = berth;
  }

  static HelperNode start(Path data) throws Exception {
    BerthConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "listen",
                "127.0.0.1:0",
                "data",
                data.toString(),
                "root-access-key-id",
                ROOT_ACCESS_KEY_ID,
                "root-secret-access-key",
                ROOT_SECRET_ACCESS_KEY));
    return new HelperNode(Berth.start(config));
  }

  /** {@code 127.0.0.1:<port>}, as registry clients write it. */
  String hostPort() {
    return "127.0.0.1:" + berth.port();
  }

  int port() {
    return berth.port();
  }

  Berth berth() {
    return berth;
  }

  AccountId account() {
    return berth.config().registry().defaultAccount();
  }

  /** A key pair of one more access key of the default account's root: {key id, secret}. */
  String[] newRootKey() {
    String id = "AKIAHELPERTEST%06d".formatted(KEYS.incrementAndGet());
    String secret = "helper-test-secret-" + id;
    var s = berth.services();
    s.meta()
        .accessKeys()
        .create(
            new AccessKey(id, account(), "root", s.cipher().encrypt(secret), true, Instant.now()));
    return new String[] {id, secret};
  }

  /** Deletes an access key: GetAuthorizationToken signed with it fails from now on. */
  void revoke(String accessKeyId) {
    if (!berth.services().meta().accessKeys().delete(accessKeyId)) {
      throw new IllegalStateException("no access key " + accessKeyId);
    }
  }

  /** A registry token of the root, as GetAuthorizationToken issues it. */
  String registryToken() {
    return berth
        .services()
        .tokens()
        .issue(Principal.root(account(), ROOT_ACCESS_KEY_ID), RegistryTokens.VALIDITY)
        .token();
  }

  /** The principal a registry token stands for; throws when the node does not accept it. */
  Principal verify(String token) {
    return berth.services().tokens().verify(token);
  }

  void createRepository(String name) {
    berth
        .services()
        .repositories()
        .create(
            new RegistryId(account(), "us-east-1"),
            RepositoryService.name(name),
            ImageTagMutability.MUTABLE,
            false);
  }

  @Override
  public void close() {
    berth.close();
  }
}
