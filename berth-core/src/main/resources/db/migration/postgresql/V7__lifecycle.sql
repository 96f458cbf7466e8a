-- Issue 10, lifecycle policies. Times are epoch milliseconds.

-- One ECR lifecycle policy per repository, kept as the text the client sent, with the time the
-- scheduled evaluator last ran it (ECR's lastEvaluatedAt; NULL until the first run).
CREATE TABLE lifecycle_policies (
  repository_id      VARCHAR COLLATE "C"    NOT NULL PRIMARY KEY REFERENCES repositories (id) ON DELETE CASCADE,
  policy_text        VARCHAR COLLATE "C" NOT NULL,
  updated_at         BIGINT         NOT NULL,
  last_evaluated_at  BIGINT
);

-- The latest preview of each repository (StartLifecyclePolicyPreview replaces it). status is
-- IN_PROGRESS, COMPLETE or FAILED; EXPIRED is answered for a COMPLETE one past its lifetime.
CREATE TABLE lifecycle_previews (
  repository_id  VARCHAR COLLATE "C"    NOT NULL PRIMARY KEY REFERENCES repositories (id) ON DELETE CASCADE,
  policy_text    VARCHAR COLLATE "C" NOT NULL,
  status         VARCHAR COLLATE "C"    NOT NULL,
  started_at     BIGINT         NOT NULL,
  completed_at   BIGINT,
  failure        VARCHAR COLLATE "C"
);

-- What a preview found: one row per image a rule acts on. tags is a JSON array of the image's
-- tags at evaluation time; action EXPIRE or TRANSITION (target_storage_class ARCHIVE); the image's
-- storage class STANDARD or ARCHIVE.
CREATE TABLE lifecycle_preview_results (
  repository_id         VARCHAR COLLATE "C"  NOT NULL REFERENCES lifecycle_previews (repository_id) ON DELETE CASCADE,
  digest                VARCHAR COLLATE "C" NOT NULL,
  tags                  TEXT COLLATE "C"         NOT NULL,
  tagged                INTEGER      NOT NULL,
  pushed_at             BIGINT       NOT NULL,
  action                VARCHAR COLLATE "C"  NOT NULL,
  target_storage_class  VARCHAR COLLATE "C",
  rule_priority         INTEGER      NOT NULL,
  storage_class         VARCHAR COLLATE "C"  NOT NULL,
  PRIMARY KEY (repository_id, digest)
);

-- Pull-time update exclusions of each account's registry: pulls by these IAM principals (a user's
-- ARN, or a role's ARN for its sessions) do not move an image's last recorded pull time.
CREATE TABLE pull_time_exclusions (
  account_id     VARCHAR COLLATE "C"  NOT NULL REFERENCES accounts (id),
  principal_arn  VARCHAR COLLATE "C" NOT NULL,
  created_at     BIGINT       NOT NULL,
  PRIMARY KEY (account_id, principal_arn)
);
