package dev.berth.cli.credentials;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where tokens come from: the ECR API's GetAuthorizationToken at an endpoint. */
interface TokenSource {
  /**
   * A token for {@code serverUrl} from the node at {@code endpoint}, signed for {@code region}.
   *
   * @param caBundle PEM certificates to trust instead of the default store (HTTPS only)
   * @throws HelperException with {@link HelperException#NOT_FOUND} when no token can be had
   */
  Token fetch(String serverUrl, URI endpoint, String region, Optional<Path> caBundle);
}
