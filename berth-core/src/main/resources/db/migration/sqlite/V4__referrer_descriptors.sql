-- Descriptor data the referrers index lists, so it is built without reading manifest bodies
-- (issue 9, item 7). Media type, artifact type and size already live in manifests; this adds the
-- annotations of every manifest with a subject, as a JSON object of strings ('{}' when it has
-- none), kept apart from manifests so a listing never walks the body's overflow pages.
CREATE TABLE manifest_annotations (
  repository_id  VARCHAR(36)  NOT NULL,
  digest         VARCHAR(200) NOT NULL,
  annotations    TEXT         NOT NULL,
  PRIMARY KEY (repository_id, digest),
  FOREIGN KEY (repository_id, digest) REFERENCES manifests (repository_id, digest) ON DELETE CASCADE
);

-- Referrers stored before this version: their annotations, read once from the stored bodies.
INSERT INTO manifest_annotations (repository_id, digest, annotations)
SELECT repository_id, digest,
       CASE WHEN json_valid(CAST(content AS TEXT))
                 AND json_type(CAST(content AS TEXT), '$.annotations') = 'object'
            THEN json_extract(CAST(content AS TEXT), '$.annotations')
            ELSE '{}' END
FROM manifests WHERE subject_digest IS NOT NULL;

-- Referrers of a subject in digest order straight from the index, for paging without a sort.
DROP INDEX manifests_subject;
CREATE INDEX manifests_subject ON manifests (repository_id, subject_digest, digest);
