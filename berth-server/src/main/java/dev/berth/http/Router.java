package dev.berth.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root handler: dispatches by path prefix to the API that owns it; anything not mounted gets
 * 404. Failures are written by the owning API's error writer, in its wire format.
 */
public final class Router extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final List<Mount> mounts = new ArrayList<>();

  private record Mount(String prefix, Route route, ErrorWriter errors) {
    boolean matches(String path) {
      return path.equals(prefix) || path.startsWith(prefix + "/");
    }
  }

  /** Mounts a route at a prefix such as {@code /v2}: it gets the prefix and everything below. */
  public Router mount(String prefix, Route route, ErrorWriter errors) {
    mounts.add(new Mount(prefix, route, errors));
    return this;
  }

  private Optional<Mount> find(String path) {
    return mounts.stream().filter(m -> m.matches(path)).findFirst();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange ex = new Exchange(request, response);
    Optional<Mount> mount = find(ex.path());
    try {
      if (mount.isEmpty()) {
        ex.status(404)
            .send(
                "application/json",
                "{\"message\":\"not found\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } else {
        mount.get().route().handle(ex);
      }
      callback.succeeded();
    } catch (Exception failure) {
      if (ex.isSent() || mount.isEmpty()) {
        LOG.debug("failed to complete response request={}", ex, failure);
        callback.failed(failure);
        return true;
      }
      try {
        ex.resetHeaders();
        mount.get().errors().write(ex, failure);
        callback.succeeded();
      } catch (Exception secondary) {
        LOG.debug("failed to write error response request={}", ex, secondary);
        callback.failed(failure);
      }
    }
    return true;
  }
}
