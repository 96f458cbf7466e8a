-- Archive storage class (issue 10): each image's status and when it last changed storage class,
-- as ECR's DescribeImages reports them (imageStatus, lastArchivedAt, lastActivatedAt).
--   ACTIVE      pullable; its layers and config are kept in the standard tier
--   ARCHIVED    pulls refused; layers no ACTIVE or ACTIVATING image uses move to the archive tier
--   ACTIVATING  a restore was asked for; pulls refused until the restore worker has moved the
--               bytes back and set ACTIVE (ACTIVATING rows are picked up again after a restart)
-- Times are epoch milliseconds, NULL when it never happened.
ALTER TABLE manifests ADD COLUMN image_status VARCHAR COLLATE "C" NOT NULL DEFAULT 'ACTIVE';
ALTER TABLE manifests ADD COLUMN last_archived_at BIGINT;
ALTER TABLE manifests ADD COLUMN last_activated_at BIGINT;
CREATE INDEX manifests_inactive ON manifests (image_status, repository_id, digest)
  WHERE image_status <> 'ACTIVE';

-- Blobs whose tier is to be settled: queued in the transaction that changed the status of an image
-- using them (or pushed an image sharing them with an inactive one), drained by the archive worker,
-- which decides the tier from the statuses it then reads. generation grows on every re-queue, so a
-- queue entry is removed only if nobody queued the blob again while the worker settled it.
-- No foreign key: the blob row may go (garbage collection) while its entry waits.
CREATE TABLE blob_tier_queue (
  digest      VARCHAR COLLATE "C" NOT NULL PRIMARY KEY,
  generation  BIGINT       NOT NULL,
  queued_at   BIGINT       NOT NULL
);

-- Whether any repository links a blob with nothing there referencing it (placement of a blob).
CREATE INDEX IF NOT EXISTS repository_blobs_digest ON repository_blobs (digest);
