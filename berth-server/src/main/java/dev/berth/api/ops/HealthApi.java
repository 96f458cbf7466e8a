package dev.berth.api.ops;

import dev.berth.http.ErrorWriter;
import dev.berth.http.Exchange;
import dev.berth.http.Route;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /healthz}: liveness. 200 whenever the process serves requests; it touches no store, so
 * a slow or broken dependency never gets a live node restarted (readiness is {@code /readyz}).
 */
public final class HealthApi implements Route {
  private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

  @Override
  public void handle(Exchange ex) {
    ex.notes().operation("healthz");
    ex.status(200).send("application/json", OK);
  }

  /** Any failure on the operations endpoints: 503 with a JSON status. */
  public static ErrorWriter errors() {
    return (ex, failure) -> {
      ex.failed("unavailable", failure);
      ex.status(503)
          .send(
              "application/json", "{\"status\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8));
    };
  }
}
