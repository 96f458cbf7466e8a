/**
 * Authentication: SigV4 verification (Authorization header and presigned query string), registry
 * tokens ({@code AWS:<token>} basic), producing a {@link dev.berth.auth.Principal}. Defines the
 * {@link dev.berth.auth.CredentialResolver} port that {@code iam} implements. Depends on leaves.
 */
package dev.berth.auth;
