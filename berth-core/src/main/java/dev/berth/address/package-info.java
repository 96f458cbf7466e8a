/**
 * Registry addresses: the one place that decides which {@code HOST[:PORT]} names an account's
 * registry for a client (in {@code repositoryUri}, {@code proxyEndpoint}, the browser's URIs and
 * push commands, download URLs), which account an ECR-style host name selects, and the {@code
 * /etc/hosts} lines that make those names resolve. Pure logic over the {@code registry}
 * configuration record: no I/O, no HTTP types. Depends on {@code model} and {@code config}.
 */
package dev.berth.address;
