/**
 * Core use cases: repositories, manifests and tags (with tag immutability), blobs of a repository,
 * cross-repository mount and referrers; {@link dev.berth.registry.MissingRepositories} is the port
 * through which a feature (creation templates) may create a repository a push names. Depends on
 * {@code blob}, {@code meta}, {@code oci} and leaves; never on an optional feature or an API.
 */
package dev.berth.registry;
