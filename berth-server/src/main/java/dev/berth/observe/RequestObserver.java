package dev.berth.observe;

import java.util.List;

/** Receives every finished request (on the request's thread: must be quick and never throw). */
@FunctionalInterface
public interface RequestObserver {
  void completed(RequestRecord request);

  /** Observes nothing. */
  static RequestObserver none() {
    return r -> {};
  }

  /** Each observer in turn. */
  static RequestObserver all(List<RequestObserver> observers) {
    List<RequestObserver> copy = List.copyOf(observers);
    return r -> {
      for (RequestObserver o : copy) {
        o.completed(r);
      }
    };
  }
}
