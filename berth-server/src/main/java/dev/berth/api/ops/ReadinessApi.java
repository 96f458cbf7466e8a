package dev.berth.api.ops;

import dev.berth.common.Json;
import dev.berth.http.Exchange;
import dev.berth.http.Route;
import dev.berth.observe.Readiness;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /readyz}: readiness. 200 only when every check passes (the metadata store answers a
 * query, the blob store reads and writes); else 503 with {@code {"status":"unavailable",
 * "failed":{"<check>":"<why>"}, "passed":[...]}}.
 */
public final class ReadinessApi implements Route {
  private final Readiness readiness;

  public ReadinessApi(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void handle(Exchange ex) {
    ex.notes().operation("readyz");
    Readiness.Result result = readiness.check();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", result.ready() ? "ok" : "unavailable");
    if (!result.ready()) {
      body.put("failed", result.failures());
    }
    body.put("passed", result.passed());
    ex.header("Cache-Control", "no-store")
        .status(result.ready() ? 200 : 503)
        .send("application/json", Json.write(body));
  }
}
