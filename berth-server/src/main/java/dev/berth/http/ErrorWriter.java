package dev.berth.http;

/** Writes a failure in the wire format of the API that owns the route. */
@FunctionalInterface
public interface ErrorWriter {
  void write(Exchange exchange, Throwable failure);
}
