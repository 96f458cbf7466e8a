package dev.berth.http;

import java.util.concurrent.Executors;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty on one port, every request on its own virtual thread. */
public final class HttpServer implements AutoCloseable {
  private static final int INPUT_BUFFER = 64 * 1024;

  private final Server server;
  private final ServerConnector connector;

  public HttpServer(String host, int port, Router router) {
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
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    // Jetty reads request bytes in 8 KiB by default: 131,072 reads and content chunks per GiB
    // pushed. 64 KiB (the largest size Jetty's buffer pool keeps) cuts that eightfold.
    h1.setInputBufferSize(INPUT_BUFFER);
    connector = new ServerConnector(server, h1);
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
    server.start();
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
