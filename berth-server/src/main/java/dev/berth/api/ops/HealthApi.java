package dev.berth.api.ops;

import dev.berth.http.ErrorWriter;
import dev.berth.http.Exchange;
import dev.berth.http.Route;
import dev.berth.meta.AccountStore;
import dev.berth.model.AccountId;
import java.nio.charset.StandardCharsets;

/** {@code GET /healthz}: 200 when the metadata store answers, 503 otherwise. */
public final class HealthApi implements Route {
  private final AccountStore accounts;
  private final AccountId probe;

  public HealthApi(AccountStore accounts, AccountId probe) {
    this.accounts = accounts;
    this.probe = probe;
  }

  @Override
  public void handle(Exchange ex) {
    accounts.exists(probe);
    ex.status(200).send("application/json", "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
  }

  public static ErrorWriter errors() {
    return (ex, failure) ->
        ex.status(503)
            .send(
                "application/json",
                "{\"status\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8));
  }
}
