/**
 * The registry browser at {@code /ui/}: server-rendered pages (Mustache templates, every value
 * HTML-escaped), a little vanilla JavaScript, and a server-side session per signed-in browser.
 *
 * <p>Sign-in takes an access key id and secret, checked against the {@code CredentialResolver} in
 * constant time; the session (random id in an {@code HttpOnly}, {@code SameSite=Strict} cookie
 * scoped to {@code /ui}) lasts at most an hour and ends as soon as the access key is deactivated or
 * deleted. Every form carries the session's CSRF token. Pages call the ECR JSON API's own
 * operations in-process through {@code api.awsjson.LocalClient} as the signed-in principal, so they
 * see and may change exactly what that principal could with the aws CLI; the few reads ECR's JSON
 * API lacks (repository usage, image config, referrers, manifests without counting a pull) go to
 * the registry services behind {@code RepositoryAccess} checks of the ECR action that governs the
 * same data. Every registry address a page shows (URIs, push commands, the login line) is the one
 * the ECR API hands out, from {@code address.RegistryAddresses}. Depends on {@code http}, {@code
 * api.awsjson}, {@code auth}, {@code authz}, {@code registry}, {@code address} and leaves.
 */
package dev.berth.api.ui;
