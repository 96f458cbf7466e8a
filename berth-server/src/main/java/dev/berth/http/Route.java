package dev.berth.http;

/** Handles every request under a path prefix. */
@FunctionalInterface
public interface Route {
  /** Handles the exchange; must send a response or throw. */
  void handle(Exchange exchange) throws Exception;
}
