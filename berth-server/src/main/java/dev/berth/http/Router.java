package dev.berth.http;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
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
    return path == null
        ? Optional.empty()
        : mounts.stream().filter(m -> m.matches(path)).findFirst();
  }

  /**
   * Jetty's handler for requests it refuses itself (a path that is not well-formed
   * percent-encoding, for one): a 400 is answered by the owning API in its own format, with one log
   * line; anything else as Jetty would.
   */
  public Request.Handler errorHandler() {
    return new ErrorHandler() {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        Optional<Mount> mount = find(request.getHttpURI().getPath());
        if (!(request.getAttribute(ERROR_STATUS) instanceof Integer status)
            || status != 400
            || mount.isEmpty()) {
          return super.handle(request, response, callback);
        }
        Exchange ex = new Exchange(request, response);
        String message =
            request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : "bad request";
        LOG.info("refused malformed request request={} reason={}", ex, message);
        ex.resetHeaders();
        mount.get().errors().write(ex, new RegistryException(ErrorKind.INVALID_PARAMETER, message));
        callback.succeeded();
        return true;
      }
    };
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange ex = new Exchange(request, response);
    Optional<Mount> mount = find(ex.path());
    try {
      if (mount.isPresent() && !PercentEncoding.wellFormed(ex.rawQuery())) {
        LOG.info("refused malformed request request={} reason=bad query encoding", ex);
        throw new RegistryException(
            ErrorKind.INVALID_PARAMETER,
            "the query string is not well-formed percent-encoded UTF-8");
      }
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
