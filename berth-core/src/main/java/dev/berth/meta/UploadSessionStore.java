package dev.berth.meta;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Upload sessions, shared by the OCI and ECR upload APIs. */
public interface UploadSessionStore {
  void create(UploadSession session);

  Optional<UploadSession> find(String id);

  /** Moves the offset from {@code expected} to {@code next}; false if it was not at expected. */
  boolean advance(String id, long expected, long next, Instant now);

  boolean delete(String id);

  /** Ids of the repository's sessions (their staged bytes go when the repository does). */
  List<String> idsOf(String repositoryId);

  /** Sessions not updated since {@code cutoff} (for expiry). */
  List<UploadSession> idleSince(Instant cutoff);
}
