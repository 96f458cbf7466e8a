-- Descriptor data the referrers index lists, so it is built without reading manifest bodies
-- (issue 9, item 7). Media type, artifact type and size already live in manifests; this adds the
-- annotations of every manifest with a subject, as a JSON object of strings ('{}' when it has
-- none), kept apart from manifests so a listing never walks the body's overflow pages.
CREATE TABLE manifest_annotations (
  repository_id  VARCHAR COLLATE "C"  NOT NULL,
  digest         VARCHAR COLLATE "C" NOT NULL,
  annotations    TEXT COLLATE "C"         NOT NULL,
  PRIMARY KEY (repository_id, digest),
  FOREIGN KEY (repository_id, digest) REFERENCES manifests (repository_id, digest) ON DELETE CASCADE
);

-- SQLite backfills referrers stored before this version from their bodies; no PostgreSQL
-- database predates it (a migrated node brings manifest_annotations with it).

-- Referrers of a subject in digest order straight from the index, for paging without a sort.
DROP INDEX manifests_subject;
CREATE INDEX manifests_subject ON manifests (repository_id, subject_digest, digest);
