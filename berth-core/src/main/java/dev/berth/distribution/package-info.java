/**
 * An OCI distribution client for other registries: pulls (manifests, tags, blobs) for the
 * pull-through cache and pushes (blob uploads, manifests) for replication to another deployment,
 * answering anonymous, Basic and Docker bearer-token challenges. May import {@code common}, {@code
 * model}, {@code oci} and nothing else.
 */
package dev.berth.distribution;
