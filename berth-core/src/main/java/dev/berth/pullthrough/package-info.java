/**
 * The ECR pull-through cache: rules per registry, an OCI distribution client for upstream
 * registries (anonymous, Basic, Docker bearer tokens), and the import of a missing image into a
 * cache repository. May import {@code registry}, {@code upload}, {@code secrets}, {@code meta},
 * {@code oci} and leaves; the OCI API reaches it only through a port the composition root wires.
 */
package dev.berth.pullthrough;
