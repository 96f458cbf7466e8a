-- Issue 13: replication. Each private registry (account and region) has at most one replication
-- configuration, ECR's JSON document as validated. image_replications is the durable queue and
-- the status table at once: one row per image (source repository and manifest digest) and
-- destination registry, IN_PROGRESS until the worker copied it (COMPLETE) or gave up (FAILED,
-- with a failure code). A push appends the rows in its own transaction; generation grows with
-- every push of the image, so a copy that raced a newer push does not mark the newer one done.
CREATE TABLE replication_configurations (
  account_id  VARCHAR COLLATE "C"    NOT NULL REFERENCES accounts (id),
  region      VARCHAR COLLATE "C"     NOT NULL,
  document    VARCHAR COLLATE "C" NOT NULL,
  updated_at  BIGINT          NOT NULL,
  PRIMARY KEY (account_id, region)
);

CREATE TABLE image_replications (
  repository_id        VARCHAR COLLATE "C"   NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
  digest               VARCHAR COLLATE "C"  NOT NULL,
  destination_account  VARCHAR COLLATE "C"  NOT NULL,
  destination_region   VARCHAR COLLATE "C"   NOT NULL,
  status               VARCHAR COLLATE "C"   NOT NULL,
  failure_code         VARCHAR COLLATE "C",
  last_error           VARCHAR COLLATE "C",
  attempts             INTEGER       NOT NULL,
  generation           BIGINT        NOT NULL,
  next_attempt_at      BIGINT        NOT NULL,
  created_at           BIGINT        NOT NULL,
  updated_at           BIGINT        NOT NULL,
  PRIMARY KEY (repository_id, digest, destination_account, destination_region)
);
CREATE INDEX image_replications_due ON image_replications (status, next_attempt_at);
