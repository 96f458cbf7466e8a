/**
 * HTTPS key material: reading the operator's PEM certificate chain and private key, the automatic
 * mode's local CA and the server certificate it signs (kept under {@code <data>/tls/}), the host
 * names and addresses that certificate covers, and the watcher that picks up replaced files while
 * the node serves. Certificates are built and PEM is parsed with Bouncy Castle; nothing here names
 * the HTTP server: {@code app} hands the resulting {@link java.security.KeyStore} to {@code http}.
 *
 * <p>May import {@code config} records, the JDK, Bouncy Castle and SLF4J; never {@code http},
 * {@code api}, {@code app} or a store.
 */
package dev.berth.tls;
