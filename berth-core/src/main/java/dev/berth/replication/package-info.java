/**
 * Replication (issue 13), as ECR's private registry replicates: each registry (account and region)
 * may have one replication configuration, up to 10 rules whose destinations (a served region and a
 * registry id, 25 distinct in all) receive the images pushed after the rule exists to repositories
 * whose names start with one of the rule's {@code PREFIX_MATCH} filters (every repository without
 * filters). Images already in the registry are not replicated (as in ECR); an image pushed again,
 * or a tag moved to it, is replicated again.
 *
 * <p>A push queues its replications in the push's own transaction ({@code EventStore.duringAppend},
 * so an acknowledged push is never without them), as rows of {@code image_replications} that are
 * the status DescribeImageReplicationStatus reports. The worker (one node of a cluster at a time,
 * the {@code replication} lease) copies each: the destination repository is found or created with
 * the same name, the blobs are linked (the blob store is shared by every region and account of a
 * deployment, so no byte is copied), child manifests of an index go before the index, then the
 * manifest as received and every tag the source gives it. A copy that fails for a reason that will
 * not pass (the destination's registry policy does not allow {@code ecr:ReplicateImage} / {@code
 * ecr:CreateRepository} to the source account, a tag is immutable at the destination, the image is
 * gone, the region is no longer served) is {@code FAILED} with that code at once; any other failure
 * is retried with exponential backoff (1 s doubling to 5 min) and {@code FAILED} with {@code
 * RETRIES_EXHAUSTED} after 10 attempts. Replicated images are not replicated further, and deleting
 * at the source deletes nothing at the destination (ECR's rules).
 *
 * <p>A destination may also be a registry of another deployment ({@link RemoteRegistry}, from
 * configuration): {@code RemoteTarget} copies over its ECR API and {@code /v2} as a client, sending
 * only the manifests and blobs it lacks.
 */
package dev.berth.replication;
