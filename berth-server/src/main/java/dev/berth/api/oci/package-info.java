/**
 * The OCI Distribution 1.1 API on {@code /v2/}: manifests, blobs, uploads, tags, catalog and
 * referrers, with the spec's error envelope. Depends on {@code registry}, {@code upload}, {@code
 * http}, {@code oci} and leaves.
 */
package dev.berth.api.oci;
