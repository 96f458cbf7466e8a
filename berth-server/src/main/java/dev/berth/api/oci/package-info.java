/**
 * The OCI Distribution 1.1 API on {@code /v2/}: manifests, blobs, uploads, tags, catalog and
 * referrers, with the spec's error envelope. The request's host selects the account ({@code
 * address}). Depends on {@code registry}, {@code upload}, {@code http}, {@code oci}, {@code
 * address} and leaves.
 */
package dev.berth.api.oci;
