package dev.berth.meta;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Upload sessions, shared by the OCI and ECR upload APIs. */
public interface UploadSessionStore {
  /** Records a new session opened by {@code owner} (a principal's ARN). */
  void create(UploadSession session, String owner);

  /** Open sessions in the repository. */
  int countInRepository(String repositoryId);

  /** Open sessions opened by {@code owner}. */
  int countByOwner(String owner);

  /** Every open session of the node's database, for the open-uploads gauge (issue 11). */
  int countAll();

  Optional<UploadSession> find(String id);

  /**
   * Moves the session from offset {@code expected} to {@code next}'s offset, staging token and hash
   * state; false (changing nothing) if it was not at {@code expected}.
   */
  boolean advance(String id, long expected, UploadSession next);

  boolean delete(String id);

  /** Ids of the repository's sessions (their staged bytes go when the repository does). */
  List<String> idsOf(String repositoryId);

  /** Sessions not updated since {@code cutoff} (for expiry). */
  List<UploadSession> idleSince(Instant cutoff);
}
