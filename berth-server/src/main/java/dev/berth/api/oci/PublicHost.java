package dev.berth.api.oci;

import dev.berth.model.AccountId;
import dev.berth.model.Repository;
import java.time.Duration;
import java.util.Optional;

/**
 * ECR Public's side of {@code /v2}, as the composition root wires it: which requests reach the
 * public host, the registry an alias names, the pull quotas and the pull count.
 */
public interface PublicHost {
  /** Whether a request with this {@code Host} header is addressed to the public host. */
  boolean serves(String host);

  /** The public host's name, the {@code service} of its token challenges. */
  String name();

  /** The account whose public registry has this alias. */
  Optional<AccountId> account(String alias);

  /**
   * Takes one pull from the client's quota ({@code client} a principal's ARN or, for {@code
   * anonymous} pulls, an address): empty when it may pull, else how long it must wait.
   */
  Optional<Duration> admitPull(String client, boolean anonymous);

  /** Counts a manifest pull of a public repository. */
  void pulled(Repository repo);

  /** No public host: every request is for a private registry. */
  static PublicHost none() {
    return new PublicHost() {
      @Override
      public boolean serves(String host) {
        return false;
      }

      @Override
      public String name() {
        return "";
      }

      @Override
      public Optional<AccountId> account(String alias) {
        return Optional.empty();
      }

      @Override
      public Optional<Duration> admitPull(String client, boolean anonymous) {
        return Optional.empty();
      }

      @Override
      public void pulled(Repository repo) {}
    };
  }
}
