package dev.berth.app;

import dev.berth.auth.Principal;
import dev.berth.auth.RegistryTokens;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.model.AccountId;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import dev.berth.testkit.TestClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A Berth node on an ephemeral loopback port over a temporary data directory, for tests. */
public final class TestNode implements AutoCloseable {
  /** Root credentials of the default account of every test node. */
  public static final String ROOT_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";

  public static final String ROOT_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private final Berth berth;
  private final TestClock clock;

  private TestNode(Berth berth, TestClock clock) {
    this.berth = berth;
    this.clock = clock;
  }

  /** Starts a node with data under {@code dir}; extra config keys may be given. */
  public static TestNode start(Path dir, Map<String, String> extra) throws Exception {
    Map<String, String> values = new HashMap<>();
    values.put("listen", "127.0.0.1:0");
    values.put("data", dir.toString());
    values.put("root-access-key-id", ROOT_ACCESS_KEY_ID);
    values.put("root-secret-access-key", ROOT_SECRET_ACCESS_KEY);
    // Tests that read the access log name a file; the others keep their output quiet.
    values.put("access-log", "off");
    values.putAll(extra);
    BerthConfig config = ConfigLoader.load(Optional.empty(), Map.of(), values);
    TestClock clock = TestClock.system();
    return new TestNode(Berth.start(config, clock), clock);
  }

  public static TestNode start(Path dir) throws Exception {
    return start(dir, Map.of());
  }

  /**
   * Starts a node serving HTTPS with {@code tls: auto}: its own CA under {@code <dir>/tls/ca.pem}
   * ({@link #caCertificate()}), which clients trust instead of skipping verification.
   */
  public static TestNode startTls(Path dir) throws Exception {
    return start(dir, Map.of("tls", "auto"));
  }

  /** {@code http://127.0.0.1:<port>}, or {@code https://} when the node serves TLS. */
  public URI base() {
    return URI.create((berth.secure() ? "https" : "http") + "://127.0.0.1:" + berth.port());
  }

  /** The CA certificate of a {@link #startTls} node. */
  public Path caCertificate() {
    return berth
        .tlsCaCertificate()
        .orElseThrow(() -> new IllegalStateException("the node has no CA of its own"));
  }

  /** A TLS context that trusts only this node's CA (the JDK's parser reads the PEM file). */
  public javax.net.ssl.SSLContext sslContext() {
    return TlsTrust.context(caCertificate());
  }

  /** {@code 127.0.0.1:<port>}, as registry clients write it. */
  public String hostPort() {
    return "127.0.0.1:" + berth.port();
  }

  public Berth berth() {
    return berth;
  }

  /** The node's clock: {@code clock().advance(...)} ages everything the node dates. */
  public TestClock clock() {
    return clock;
  }

  /** A registry token of the default account's root, as GetAuthorizationToken issues it. */
  public String registryToken() {
    return registryToken(berth.config().registry().defaultAccount(), RegistryTokens.VALIDITY);
  }

  /** A registry token of an account's root, valid for {@code validity} (negative: expired). */
  public String registryToken(AccountId account, java.time.Duration validity) {
    return berth
        .services()
        .tokens()
        .issue(Principal.root(account, ROOT_ACCESS_KEY_ID), validity)
        .token();
  }

  /** The {@code Authorization} header value of {@code docker login -u AWS -p <token>}. */
  public String basicAuth() {
    return basic(registryToken());
  }

  /** The {@code Authorization} header of another account's root (created when absent). */
  public String basicAuth(AccountId account) {
    var keys = berth.services().meta().accessKeys().ofPrincipal(account, "root");
    String keyId = keys.isEmpty() ? createAccount(account.value())[0] : keys.get(0).accessKeyId();
    return basic(
        berth
            .services()
            .tokens()
            .issue(Principal.root(account, keyId), RegistryTokens.VALIDITY)
            .token());
  }

  /** {@code Basic base64(AWS:<token>)}. */
  public static String basic(String token) {
    return "Basic "
        + Base64.getEncoder().encodeToString(("AWS:" + token).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Creates another account with root credentials (as a second Berth tenant would be set up);
   * returns {key id, secret}.
   */
  public String[] createAccount(String accountId) {
    AccountId account = new AccountId(accountId);
    var s = berth.services();
    s.meta().accounts().ensure(account, java.time.Instant.now());
    String keyId = "AKIA" + accountId + "ROOT";
    String secret = "secret-of-account-" + accountId;
    s.meta()
        .accessKeys()
        .create(
            new dev.berth.meta.AccessKey(
                keyId, account, "root", s.cipher().encrypt(secret), true, java.time.Instant.now()));
    return new String[] {keyId, secret};
  }

  /** Creates a repository in the default account. */
  public Repository createRepository(String name) {
    return createRepository(name, ImageTagMutability.MUTABLE);
  }

  public Repository createRepository(String name, ImageTagMutability mutability) {
    return berth
        .services()
        .repositories()
        .create(berth.config().registry().home(), RepositoryService.name(name), mutability, false);
  }

  @Override
  public void close() {
    berth.close();
  }
}
