-- ECR repository creation templates, per registry (account and region) and prefix (a repository
-- namespace such as 'prod' or 'prod/team/', or 'ROOT'). applied_for is the comma-separated list of
-- scenarios (REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH); tag_mutability_exclusions the
-- newline-separated wildcard filters as repositories store them; resource_tags a JSON object of
-- tag keys to values. description, kms_key, the policies and custom_role_arn are NULL when not
-- set. Times are epoch ms.
CREATE TABLE repository_creation_templates (
  account_id                 VARCHAR(12)  NOT NULL REFERENCES accounts (id),
  region                     VARCHAR(32)  NOT NULL,
  prefix                     VARCHAR(256) NOT NULL,
  description                VARCHAR(256),
  applied_for                VARCHAR(64)  NOT NULL,
  tag_mutability             VARCHAR(32)  NOT NULL,
  tag_mutability_exclusions  TEXT         NOT NULL,
  encryption_type            VARCHAR(16)  NOT NULL,
  kms_key                    VARCHAR(2048),
  resource_tags              TEXT         NOT NULL,
  repository_policy          TEXT,
  lifecycle_policy           TEXT,
  custom_role_arn            VARCHAR(2048),
  created_at                 BIGINT       NOT NULL,
  updated_at                 BIGINT       NOT NULL,
  PRIMARY KEY (account_id, region, prefix)
);
