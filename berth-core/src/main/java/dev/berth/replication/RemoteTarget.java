package dev.berth.replication;

import dev.berth.blob.BlobContent;
import dev.berth.distribution.BasicCredentials;
import dev.berth.distribution.DistributionClient;
import dev.berth.distribution.DistributionException;
import dev.berth.meta.MetadataStore;
import dev.berth.model.Descriptor;
import dev.berth.model.ManifestRecord;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.ParsedManifest;
import dev.berth.registry.BlobService;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Copies an image to a registry of another deployment, as a client of its ECR API (the repository
 * is created when missing; an authorization token for {@code /v2}) and of its {@code /v2} (blobs
 * the remote lacks are uploaded from this deployment's blob store, children of an index before the
 * index, then the manifest's exact bytes and every tag). What the remote already has (a manifest,
 * and so everything under it, or a blob) is not sent again. The remote's own policies decide what
 * the access key may do: a refusal is {@code PERMISSION_DENIED}.
 */
final class RemoteTarget implements ReplicaTarget, AutoCloseable {
  private final RemoteRegistry remote;
  private final MetadataStore meta;
  private final BlobService blobs;
  private final HttpClient http;
  private final EcrClient ecr;

  RemoteTarget(RemoteRegistry remote, MetadataStore meta, BlobService blobs) {
    this.remote = remote;
    this.meta = meta;
    this.blobs = blobs;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.ecr =
        EcrClient.builder()
            .endpointOverride(remote.endpoint())
            .region(Region.of(remote.registry().region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(remote.accessKeyId(), remote.secretAccessKey())))
            .httpClientBuilder(Apache5HttpClient.builder())
            .build();
  }

  @Override
  public void copy(
      Repository source, ManifestRecord image, List<String> tags, RegistryId destination) {
    String name = source.name().value();
    try {
      ensureRepository(name);
      DistributionClient client = client();
      push(client, source, name, image, new HashSet<>());
      for (String tag : tags) {
        put(client, name, tag, image, true);
      }
    } catch (EcrException e) {
      throw refused(e.statusCode(), e.awsErrorDetails().errorCode(), e).orElseThrow(() -> e);
    } catch (DistributionException e) {
      throw refused(e.status(), e.code().orElse(""), e).orElseThrow(() -> e);
    }
  }

  private void ensureRepository(String name) {
    String account = remote.registry().account().value();
    try {
      ecr.describeRepositories(b -> b.registryId(account).repositoryNames(name));
      return;
    } catch (RepositoryNotFoundException e) {
      // created below
    }
    try {
      ecr.createRepository(b -> b.registryId(account).repositoryName(name));
    } catch (RepositoryAlreadyExistsException e) {
      // created meanwhile by someone else: used as it is
    }
  }

  /** A client of the remote's /v2 with a fresh authorization token (valid 12 hours). */
  private DistributionClient client() {
    AuthorizationData data = ecr.getAuthorizationToken(b -> {}).authorizationData().get(0);
    String decoded =
        new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    URI base = remote.registryUrl().orElseGet(() -> URI.create(data.proxyEndpoint()));
    return new DistributionClient(
        http,
        base,
        Optional.of(
            new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1))));
  }

  private void push(
      DistributionClient client,
      Repository source,
      String name,
      ManifestRecord image,
      Set<String> seen) {
    String digest = image.digest().toString();
    if (!seen.add(digest) || client.manifestExists(name, digest)) {
      return;
    }
    ParsedManifest parsed = ManifestParser.parse(image.mediaType(), image.content());
    for (Descriptor child : parsed.manifests()) {
      ManifestRecord record =
          meta.images()
              .findManifest(source.id(), child.digest())
              .orElseThrow(() -> ReplicationFailure.gone(child));
      push(client, source, name, record, seen);
    }
    List<Descriptor> content = new ArrayList<>();
    parsed.config().ifPresent(content::add);
    parsed.layers().stream()
        .filter(l -> !MediaTypes.FOREIGN_LAYERS.contains(l.mediaType()))
        .forEach(content::add);
    for (Descriptor d : content) {
      if (!client.blobExists(name, d.digest())) {
        long size = blobs.stat(source, d.digest()).size();
        client.pushBlob(name, d.digest(), size, () -> open(source, d, size));
      }
    }
    put(client, name, digest, image, false);
  }

  private void put(
      DistributionClient client, String name, String reference, ManifestRecord image, boolean tag) {
    try {
      client.putManifest(name, reference, image.mediaType(), image.content());
    } catch (DistributionException e) {
      if (tag && e.code().filter("TAG_INVALID"::equals).isPresent()) {
        throw new ReplicationFailure(
            ReplicationFailure.TAG_IMMUTABLE,
            "the remote registry refused the tag " + reference + ": " + e.getMessage());
      }
      throw e;
    }
  }

  private InputStream open(Repository source, Descriptor d, long size) {
    BlobContent content = blobs.open(source, d.digest(), 0, size);
    return new FilterInputStream(content.stream()) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          content.close();
        }
      }
    };
  }

  /** The failure a refusal by the remote stands for; empty for one worth retrying. */
  private Optional<ReplicationFailure> refused(int status, String code, Exception e) {
    boolean denied =
        status == 401
            || status == 403
            || code.equals("AccessDeniedException")
            || code.equals("DENIED")
            || code.equals("UNAUTHORIZED");
    return denied
        ? Optional.of(
            ReplicationFailure.denied(
                "the remote registry " + remote.registry() + " refused: " + e.getMessage()))
        : Optional.empty();
  }

  @Override
  public void close() {
    ecr.close();
    http.close();
  }
}
