/**
 * Operations endpoints: {@code /healthz} (liveness), {@code /readyz} (readiness) and {@code
 * /metrics} (Prometheus). Depends on {@code http}, {@code observe} and leaves.
 */
package dev.berth.api.ops;
