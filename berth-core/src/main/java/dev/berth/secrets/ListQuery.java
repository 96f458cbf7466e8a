package dev.berth.secrets;

import java.util.List;
import java.util.Optional;

/**
 * A ListSecrets request.
 *
 * @param includePlannedDeletion whether secrets scheduled for deletion are listed
 * @param descending newest first instead of oldest first (by creation date, then name)
 * @param after the key of the last secret of the previous page
 */
public record ListQuery(
    List<SecretFilter> filters,
    boolean includePlannedDeletion,
    boolean descending,
    int maxResults,
    Optional<String> after) {
  public ListQuery {
    filters = List.copyOf(filters);
  }
}
