-- Online garbage collection (issue 10); the protocol is documented in dev.berth.gc.
--
-- A blob row now comes before its bytes: an upload inserts (or touches) the row, then commits the
-- bytes, then links the blob. state: LIVE, or DELETING once the collector has claimed the blob (a
-- DELETING row never gains a link and its bytes are being removed). touched_at: when an upload
-- last inserted or confirmed the row; the collector leaves a blob alone for the grace period after
-- it. Rows from before this version are LIVE and touched when they were created.
ALTER TABLE blobs ADD COLUMN state VARCHAR COLLATE "C" NOT NULL DEFAULT 'LIVE';
ALTER TABLE blobs ADD COLUMN touched_at BIGINT NOT NULL DEFAULT 0;
UPDATE blobs SET touched_at = created_at;
CREATE INDEX blobs_state ON blobs (state, digest);

-- "Does any repository still link this blob?" for the collector's conditional statements.
CREATE INDEX repository_blobs_digest ON repository_blobs (digest, repository_id);
-- "Does any manifest of this repository reference this digest?" for link expiry and unlinking.
CREATE INDEX manifest_references_repository_ref ON manifest_references (repository_id, ref_digest);

-- One row: the collector lease (one collector at a time across processes sharing the database)
-- and the summary of the last finished run, for `berth gc` and the browser. holder is NULL when
-- no collector runs; lease_until is when an unrenewed lease lapses (epoch ms).
CREATE TABLE gc_state (
  id                     INTEGER      NOT NULL PRIMARY KEY CHECK (id = 1),
  holder                 VARCHAR COLLATE "C",
  lease_until            BIGINT       NOT NULL DEFAULT 0,
  last_started_at        BIGINT,
  last_finished_at       BIGINT,
  last_dry_run           INTEGER,
  last_blobs_removed     BIGINT,
  last_bytes_removed     BIGINT,
  last_orphans_removed   BIGINT,
  last_orphan_bytes      BIGINT,
  last_links_expired     BIGINT,
  last_sessions_purged   BIGINT,
  last_staging_removed   BIGINT
);
INSERT INTO gc_state (id, lease_until) VALUES (1, 0);
