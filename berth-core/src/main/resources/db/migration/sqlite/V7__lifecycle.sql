-- Issue 10, lifecycle policies. Times are epoch milliseconds.

-- One ECR lifecycle policy per repository, kept as the text the client sent, with the time the
-- scheduled evaluator last ran it (ECR's lastEvaluatedAt; NULL until the first run).
CREATE TABLE lifecycle_policies (
  repository_id      VARCHAR(36)    NOT NULL PRIMARY KEY REFERENCES repositories (id) ON DELETE CASCADE,
  policy_text        VARCHAR(30720) NOT NULL,
  updated_at         BIGINT         NOT NULL,
  last_evaluated_at  BIGINT
);

-- The latest preview of each repository (StartLifecyclePolicyPreview replaces it). status is
-- IN_PROGRESS, COMPLETE or FAILED; EXPIRED is answered for a COMPLETE one past its lifetime.
CREATE TABLE lifecycle_previews (
  repository_id  VARCHAR(36)    NOT NULL PRIMARY KEY REFERENCES repositories (id) ON DELETE CASCADE,
  policy_text    VARCHAR(30720) NOT NULL,
  status         VARCHAR(16)    NOT NULL,
  started_at     BIGINT         NOT NULL,
  completed_at   BIGINT,
  failure        VARCHAR(1000)
);

-- What a preview found: one row per image a rule acts on. tags is a JSON array of the image's
-- tags at evaluation time; action EXPIRE or TRANSITION (target_storage_class ARCHIVE); the image's
-- storage class STANDARD or ARCHIVE.
CREATE TABLE lifecycle_preview_results (
  repository_id         VARCHAR(36)  NOT NULL REFERENCES lifecycle_previews (repository_id) ON DELETE CASCADE,
  digest                VARCHAR(200) NOT NULL,
  tags                  TEXT         NOT NULL,
  tagged                INTEGER      NOT NULL,
  pushed_at             BIGINT       NOT NULL,
  action                VARCHAR(16)  NOT NULL,
  target_storage_class  VARCHAR(16),
  rule_priority         INTEGER      NOT NULL,
  storage_class         VARCHAR(16)  NOT NULL,
  PRIMARY KEY (repository_id, digest)
);

-- Pull-time update exclusions of each account's registry: pulls by these IAM principals (a user's
-- ARN, or a role's ARN for its sessions) do not move an image's last recorded pull time.
CREATE TABLE pull_time_exclusions (
  account_id     VARCHAR(12)  NOT NULL REFERENCES accounts (id),
  principal_arn  VARCHAR(200) NOT NULL,
  created_at     BIGINT       NOT NULL,
  PRIMARY KEY (account_id, principal_arn)
);
