package dev.berth.http;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.observe.RequestObserver;
import dev.berth.observe.RequestRecord;
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
 * 404. Failures are written by the owning API's error writer, in its wire format. Every exchange
 * gets a request id and a {@link RequestRecord} at arrival; once its response is written the record
 * is completed (status, body bytes, duration, the check that refused it) and handed to the observer
 * (metrics, access log).
 */
public final class Router extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final List<Mount> mounts = new ArrayList<>();
  private volatile RequestObserver observer = RequestObserver.none();

  private record Mount(String prefix, String api, Route route, ErrorWriter errors) {
    boolean matches(String path) {
      return path.equals(prefix) || path.startsWith(prefix + "/");
    }
  }

  /** Mounts a route at a prefix such as {@code /v2}: it gets the prefix and everything below. */
  public Router mount(String prefix, Route route, ErrorWriter errors) {
    return mount(prefix, RequestRecord.UNKNOWN, route, errors);
  }

  /**
   * Mounts a route whose requests are labelled {@code api} in metrics and the access log (the route
   * may refine it, as {@code POST /} does for ECR, IAM and STS).
   */
  public Router mount(String prefix, String api, Route route, ErrorWriter errors) {
    mounts.add(new Mount(prefix, api, route, errors));
    return this;
  }

  /** Where finished requests go (set before the server starts). */
  public void observe(RequestObserver observer) {
    this.observer = observer;
  }

  private Exchange exchange(Counting.In in, Counting.Out out, Optional<Mount> mount) {
    String path = in.getHttpURI().getPath();
    Exchange ex =
        new Exchange(
            in,
            out,
            new RequestRecord(Request.getRemoteAddr(in), in.getMethod(), path == null ? "" : path));
    mount.ifPresent(m -> ex.notes().api(m.api()));
    return ex;
  }

  /**
   * Completes the exchange's record and observes it; {@code broken}: the response failed (Jetty
   * answers 500 if nothing was committed).
   */
  private void complete(Exchange ex, Counting.In in, Counting.Out out, boolean broken) {
    int status = out.getStatus() == 0 ? 200 : out.getStatus();
    if (broken && !out.isCommitted()) {
      status = 500;
    }
    RequestRecord r = ex.notes();
    r.complete(status, in.bytes(), out.bytes());
    int answered = status;
    ex.failure()
        .filter(f -> r.refusedBy().isEmpty())
        .flatMap(f -> Refusals.of(f, answered))
        .ifPresent(x -> r.refused(x.check(), x.detail()));
    try {
      observer.completed(r);
    } catch (RuntimeException e) {
      LOG.warn("failed to observe request request={}", ex, e);
    }
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
        Counting.In in = new Counting.In(request);
        Counting.Out out = new Counting.Out(in, response);
        Exchange ex = exchange(in, out, mount);
        String message =
            request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : "bad request";
        LOG.info("refused malformed request request={} reason={}", ex, message);
        ex.resetHeaders();
        RegistryException refused = new RegistryException(ErrorKind.INVALID_PARAMETER, message);
        ex.failed(refused);
        mount.get().errors().write(ex, refused);
        complete(ex, in, out, false);
        callback.succeeded();
        return true;
      }
    };
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Counting.In in = new Counting.In(request);
    Counting.Out out = new Counting.Out(in, response);
    Optional<Mount> mount = find(in.getHttpURI().getPath());
    Exchange ex = exchange(in, out, mount);
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
      complete(ex, in, out, false);
      callback.succeeded();
    } catch (Exception failure) {
      if (ex.isSent() || mount.isEmpty()) {
        LOG.debug("failed to complete response request={}", ex, failure);
        ex.notes().error(Exchange.isClientAbort(failure) ? "client_abort" : "response_failed");
        complete(ex, in, out, true);
        callback.failed(failure);
        return true;
      }
      try {
        ex.resetHeaders();
        ex.failed(failure);
        mount.get().errors().write(ex, failure);
        complete(ex, in, out, false);
        callback.succeeded();
      } catch (Exception secondary) {
        LOG.debug("failed to write error response request={}", ex, secondary);
        complete(ex, in, out, true);
        callback.failed(failure);
      }
    }
    return true;
  }
}
