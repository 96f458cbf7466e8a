/**
 * The ECR pull-through cache: rules per registry, an OCI distribution client for upstream
 * registries (anonymous, Basic, Docker bearer tokens), and the import of a missing image into a
 * cache repository: the client is answered with the upstream's manifest at once while the image is
 * imported in the background, and a blob streams to every client asking for it while its one
 * download on this node stores it. May import {@code registry}, {@code upload}, {@code secrets},
 * {@code meta}, {@code oci} and leaves; the OCI API reaches it only through a port the composition
 * root wires.
 */
package dev.berth.pullthrough;
