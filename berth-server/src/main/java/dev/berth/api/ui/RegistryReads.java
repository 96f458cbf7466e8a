package dev.berth.api.ui;

import dev.berth.auth.Principal;
import dev.berth.authz.RepositoryAccess;
import dev.berth.blob.BlobContent;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Page;
import dev.berth.model.Reference;
import dev.berth.model.ReferrerQuery;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryUsage;
import dev.berth.registry.BlobService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * What pages need that ECR's JSON API does not answer, each read authorized by the ECR action that
 * governs the same data: usage by {@code ecr:DescribeImages}, manifests and referrers by {@code
 * ecr:BatchGetImage} (without recording a pull: looking is not pulling), image configs by {@code
 * ecr:GetDownloadUrlForLayer}. Also answers "may this principal ..." to show or hide controls.
 */
final class RegistryReads {
  /** Configs larger than this are not shown (real ones are a few KiB). */
  static final long MAX_CONFIG_BYTES = 4L * 1024 * 1024;

  private final RepositoryService repositories;
  private final ManifestService manifests;
  private final BlobService blobs;
  private final RepositoryAccess access;

  RegistryReads(
      RepositoryService repositories,
      ManifestService manifests,
      BlobService blobs,
      RepositoryAccess access) {
    this.repositories = repositories;
    this.manifests = manifests;
    this.blobs = blobs;
    this.access = access;
  }

  /** The repository record behind a name the ECR API already answered for. */
  Optional<Repository> find(RegistryId registry, String name) {
    return repositories.find(registry, RepositoryService.name(name));
  }

  /** Whether {@code action} on the repository is allowed. */
  boolean can(Principal p, String ip, String action, Repository repo) {
    return access.allowed(p, ip, action, repo);
  }

  /** Whether the principal may create some repository ({@code repository/*} of the registry). */
  boolean canCreate(Principal p, RegistryId registry, String ip) {
    return access.allowedResource(p, ip, "ecr:CreateRepository", registry.arn("repository/*"));
  }

  /** Whether {@code action} on the registry itself (its ARN) is allowed. */
  boolean canOnRegistry(Principal p, String ip, String action, RegistryId registry) {
    return access.allowedResource(p, ip, action, registry.registryArn());
  }

  /** Image count and stored bytes, when the principal may describe the repository's images. */
  Optional<RepositoryUsage> usage(Principal p, String ip, Repository repo) {
    return can(p, ip, "ecr:DescribeImages", repo)
        ? Optional.of(repositories.usage(repo))
        : Optional.empty();
  }

  /** The manifest whatever its storage class (an archived image's page still shows it). */
  ManifestRecord manifest(Principal p, String ip, Repository repo, Digest digest) {
    check(p, ip, "ecr:BatchGetImage", repo);
    return manifests.find(repo, new Reference.ByDigest(digest));
  }

  /** One page of the subject's referrers, as the query bounds it. */
  Page<Descriptor> referrers(
      Principal p, String ip, Repository repo, Digest subject, ReferrerQuery query) {
    check(p, ip, "ecr:BatchGetImage", repo);
    return manifests.referrers(repo, subject, query);
  }

  /** The config blob's bytes; empty when it is too large to show. */
  Optional<byte[]> config(Principal p, String ip, Repository repo, Digest digest) {
    check(p, ip, "ecr:GetDownloadUrlForLayer", repo);
    long size = blobs.stat(repo, digest).size();
    if (size > MAX_CONFIG_BYTES) {
      return Optional.empty();
    }
    try (BlobContent content = blobs.open(repo, digest, 0, size);
        InputStream in = content.stream()) {
      return Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read config blob " + digest, e);
    }
  }

  private void check(Principal p, String ip, String action, Repository repo) {
    access.check(p, ip, action, repo.registry(), repo.name(), Optional.of(repo));
  }
}
