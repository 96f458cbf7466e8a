package dev.berth.pullthrough;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An upstream registry a rule caches from: ECR's kind and the base URL of its distribution API.
 * ECR's upstreams are fixed hosts reached over HTTPS; beyond them Berth takes any {@code
 * http(s)://host[:port]} as a generic OCI distribution registry, of kind {@code oci}.
 *
 * @param credentialsRequired whether ECR requires a {@code credentialArn} for the kind
 */
record Upstream(String kind, URI base, boolean credentialsRequired) {
  static final String GENERIC = "oci";
  private static final Pattern ECR_HOST =
      Pattern.compile("[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com");
  private static final Pattern AZURE_HOST = Pattern.compile("[a-z0-9]+\\.azurecr\\.io");
  private static final Pattern GENERIC_URL =
      Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?");

  /**
   * The upstream a rule's {@code upstreamRegistryUrl} names; {@code UPSTREAM_UNSUPPORTED} for an
   * unknown one, {@code INVALID_PARAMETER} when {@code upstreamRegistry} names another kind.
   */
  static Upstream of(String url, Optional<String> declaredKind) {
    Upstream upstream = known(url.toLowerCase(Locale.ROOT));
    if (declaredKind.isPresent()
        && !GENERIC.equals(upstream.kind())
        && !declaredKind.get().equals(upstream.kind())) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "The upstream registry '"
              + declaredKind.get()
              + "' does not match the upstream registry URL '"
              + url
              + "'");
    }
    return upstream;
  }

  private static Upstream known(String url) {
    if (GENERIC_URL.matcher(url).matches()) {
      return new Upstream(GENERIC, URI.create(url.endsWith("/") ? url : url + "/"), false);
    }
    String kind;
    boolean required = true;
    switch (url) {
      case "public.ecr.aws" -> {
        kind = "ecr-public";
        required = false;
      }
      case "registry.k8s.io" -> {
        kind = "k8s";
        required = false;
      }
      case "quay.io" -> {
        kind = "quay";
        required = false;
      }
      case "cgr.dev" -> {
        kind = "chainguard";
        required = false;
      }
      case "registry-1.docker.io" -> kind = "docker-hub";
      case "ghcr.io" -> kind = "github-container-registry";
      case "registry.gitlab.com" -> kind = "gitlab-container-registry";
      default -> {
        if (AZURE_HOST.matcher(url).matches()) {
          kind = "azure-container-registry";
        } else if (ECR_HOST.matcher(url).matches()) {
          kind = "ecr";
          required = false;
        } else {
          throw new RegistryException(
              ErrorKind.UPSTREAM_UNSUPPORTED,
              "The upstream registry URL '"
                  + url
                  + "' is not supported for pull through cache rules");
        }
      }
    }
    return new Upstream(kind, URI.create("https://" + url + "/"), required);
  }
}
