/**
 * Observation of the node (issue 11): the per-request record the edge fills in, request metrics in
 * a Micrometer Prometheus registry (with JVM, process and store gauges), the access log, and the
 * readiness checks. Knows nothing of HTTP servers, APIs or stores: the edge hands it finished
 * records, the composition root hands it suppliers of store figures. Depends on {@code common},
 * Micrometer and Jackson.
 */
package dev.berth.observe;
