package dev.berth.meta;

import java.time.Instant;
import java.util.Optional;

/** STS sessions by temporary access key id. */
public interface SessionStore {
  void create(StsSession session);

  Optional<StsSession> find(String accessKeyId);

  /** Removes sessions that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now);
}
