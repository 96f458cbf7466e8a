/**
 * OCI and Docker manifest knowledge: media types, parsing and validation of manifests and indexes
 * into a view kept apart from the exact bytes. Pure logic, no I/O; depends on {@code model}, {@code
 * error}, {@code common}.
 */
package dev.berth.oci;
