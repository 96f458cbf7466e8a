/**
 * {@code docker-credential-berth}: a docker credential helper for Berth ({@code berth
 * credential-helper get|list|store|erase}) and its installer ({@code berth
 * install-credential-helper}). {@code get} answers with a registry token from the ECR API's
 * GetAuthorizationToken, signed with the AWS SDK's standard credential chain, and caches it per
 * server and identity until shortly before it expires.
 *
 * <p>May import the JDK, picocli, Jackson, the AWS SDK and {@code dev.berth.common}; never the
 * node's packages ({@code app}, {@code meta}, {@code api}, ...): the helper is a client.
 */
package dev.berth.cli.credentials;
