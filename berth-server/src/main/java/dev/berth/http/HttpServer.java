package dev.berth.http;

import dev.berth.common.Cidr;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * Jetty on one port, every request on its own virtual thread; plain HTTP/1.1, or HTTP/1.1 over TLS
 * with a key store that can be replaced while serving.
 */
public final class HttpServer implements AutoCloseable {
  private static final int INPUT_BUFFER = 64 * 1024;

  private final Server server;
  private final ServerConnector connector;
  private final Optional<SslContextFactory.Server> tls;
  private @Nullable KeyStore keyStore;
  private String keyStorePassword = "";

  /** Plain HTTP. */
  public HttpServer(String host, int port, Router router) {
    this(host, port, router, false, List.of());
  }

  /**
   * Plain HTTP, or TLS when {@code secure}; then {@link #keyStore} must be called before {@link
   * #start}. Requests from {@code trustedProxies} name their client in {@code X-Forwarded-For} and
   * {@code X-Forwarded-Proto} (see {@link ForwardedClients}).
   */
  public HttpServer(
      String host, int port, Router router, boolean secure, List<Cidr> trustedProxies) {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("berth-http");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    http.setRequestHeaderSize(32 * 1024);
    http.setOutputBufferSize(256 * 1024);
    // Let "a//b" through so the API can answer in its own format (OCI NAME_INVALID) instead of
    // Jetty's HTML 400. APIs match the raw path strictly and never resolve it to a file. Encoded
    // "." segments and separators stay rejected by Jetty.
    http.setUriCompliance(
        UriCompliance.DEFAULT.with("berth", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
    if (!trustedProxies.isEmpty()) {
      http.addCustomizer(new ForwardedClients(trustedProxies));
    }
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    // Jetty reads request bytes in 8 KiB by default: 131,072 reads and content chunks per GiB
    // pushed. 64 KiB (the largest size Jetty's buffer pool keeps) cuts that eightfold.
    h1.setInputBufferSize(INPUT_BUFFER);
    if (secure) {
      // Clients verify the certificate against the name they used; Jetty's own check of the SNI
      // name against the certificate would only turn a client's mismatch into an HTTP 400.
      http.addCustomizer(new SecureRequestCustomizer(false));
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      tls = Optional.of(ssl);
      connector =
          new ServerConnector(
              server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), h1);
    } else {
      tls = Optional.empty();
      connector = new ServerConnector(server, h1);
    }
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(120_000);
    server.addConnector(connector);
    server.setHandler(router);
    server.setErrorHandler(router.errorHandler());
    server.setStopTimeout(5_000);
  }

  /**
   * Binds the port without serving yet, so a port in use fails before anything else is started or
   * written.
   *
   * @throws java.io.UncheckedIOException naming the address and the cause
   */
  public void open() {
    try {
      connector.open();
    } catch (java.io.IOException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new java.io.UncheckedIOException(
          "cannot listen on "
              + connector.getHost()
              + ":"
              + connector.getPort()
              + ": "
              + cause.getMessage(),
          e);
    }
  }

  public void start() throws Exception {
    if (tls.isPresent() && keyStore == null) {
      throw new IllegalStateException("a TLS server needs a key store before it starts");
    }
    server.start();
  }

  /** Whether the port speaks TLS. */
  public boolean secure() {
    return tls.isPresent();
  }

  /**
   * Sets the key store holding the one key and certificate chain to serve; once serving, replaces
   * it for new connections (open ones keep theirs). When the new store cannot be loaded, the
   * previous one is loaded again and the failure is thrown.
   *
   * @throws IllegalStateException when the server is plain HTTP
   */
  public synchronized void keyStore(KeyStore store, String password) throws Exception {
    SslContextFactory.Server ssl =
        tls.orElseThrow(() -> new IllegalStateException("a plain HTTP server has no key store"));
    KeyStore previous = keyStore;
    String previousPassword = keyStorePassword;
    if (!ssl.isStarted()) {
      ssl.setKeyStore(store);
      ssl.setKeyStorePassword(password);
    } else {
      try {
        ssl.reload(
            f -> {
              f.setKeyStore(store);
              f.setKeyStorePassword(password);
            });
      } catch (Exception e) {
        if (previous != null) {
          ssl.reload(
              f -> {
                f.setKeyStore(previous);
                f.setKeyStorePassword(previousPassword);
              });
        }
        throw e;
      }
    }
    keyStore = store;
    keyStorePassword = password;
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      if (!server.isStarted()) {
        connector.close(); // opened (bound) but never started
      }
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("failed to stop the http server", e);
    }
  }
}
