/**
 * Identities and their credentials: the default account's bootstrap, access keys with secrets
 * encrypted at rest. Depends on {@code meta} and leaves.
 */
package dev.berth.iam;
