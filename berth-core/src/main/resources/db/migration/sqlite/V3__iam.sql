-- IAM entities per account, customer managed policies with versions, attachments, inline
-- policies, STS sessions and ECR resource policies. Names are unique per account
-- case-insensitively in IAM; name_key holds the lower-cased name for that purpose.

CREATE TABLE iam_users (
  account_id  VARCHAR(12)  NOT NULL REFERENCES accounts (id),
  name        VARCHAR(64)  NOT NULL,
  name_key    VARCHAR(64)  NOT NULL,
  user_id     VARCHAR(32)  NOT NULL UNIQUE,
  path        VARCHAR(512) NOT NULL,
  created_at  BIGINT       NOT NULL,
  PRIMARY KEY (account_id, name_key)
);

CREATE TABLE iam_groups (
  account_id  VARCHAR(12)  NOT NULL REFERENCES accounts (id),
  name        VARCHAR(128) NOT NULL,
  name_key    VARCHAR(128) NOT NULL,
  group_id    VARCHAR(32)  NOT NULL UNIQUE,
  path        VARCHAR(512) NOT NULL,
  created_at  BIGINT       NOT NULL,
  PRIMARY KEY (account_id, name_key)
);

CREATE TABLE iam_group_members (
  account_id  VARCHAR(12)  NOT NULL,
  group_key   VARCHAR(128) NOT NULL,
  user_key    VARCHAR(64)  NOT NULL,
  PRIMARY KEY (account_id, group_key, user_key)
);

CREATE TABLE iam_roles (
  account_id            VARCHAR(12)   NOT NULL REFERENCES accounts (id),
  name                  VARCHAR(64)   NOT NULL,
  name_key              VARCHAR(64)   NOT NULL,
  role_id               VARCHAR(32)   NOT NULL UNIQUE,
  path                  VARCHAR(512)  NOT NULL,
  assume_role_policy    VARCHAR(20000) NOT NULL,
  description           VARCHAR(1000) NOT NULL,
  max_session_duration  INTEGER       NOT NULL,
  created_at            BIGINT        NOT NULL,
  PRIMARY KEY (account_id, name_key)
);

-- Customer managed policies (AWS managed ones are built in, never stored).
CREATE TABLE iam_policies (
  arn              VARCHAR(2048) NOT NULL PRIMARY KEY,
  account_id       VARCHAR(12)   NOT NULL REFERENCES accounts (id),
  name             VARCHAR(128)  NOT NULL,
  policy_id        VARCHAR(32)   NOT NULL UNIQUE,
  path             VARCHAR(512)  NOT NULL,
  description      VARCHAR(1000) NOT NULL,
  default_version  VARCHAR(16)   NOT NULL,
  next_version     INTEGER       NOT NULL,
  created_at       BIGINT        NOT NULL,
  updated_at       BIGINT        NOT NULL
);

CREATE TABLE iam_policy_versions (
  policy_arn  VARCHAR(2048)  NOT NULL REFERENCES iam_policies (arn) ON DELETE CASCADE,
  version_id  VARCHAR(16)    NOT NULL,
  document    VARCHAR(20000) NOT NULL,
  created_at  BIGINT         NOT NULL,
  PRIMARY KEY (policy_arn, version_id)
);

-- principal_type: USER, GROUP or ROLE; principal_key: the entity's lower-cased name.
CREATE TABLE iam_attachments (
  account_id      VARCHAR(12)   NOT NULL,
  principal_type  VARCHAR(8)    NOT NULL,
  principal_key   VARCHAR(128)  NOT NULL,
  policy_arn      VARCHAR(2048) NOT NULL,
  PRIMARY KEY (account_id, principal_type, principal_key, policy_arn)
);
CREATE INDEX iam_attachments_policy ON iam_attachments (policy_arn);

CREATE TABLE iam_inline_policies (
  account_id      VARCHAR(12)    NOT NULL,
  principal_type  VARCHAR(8)     NOT NULL,
  principal_key   VARCHAR(128)   NOT NULL,
  policy_name     VARCHAR(128)   NOT NULL,
  document        VARCHAR(20000) NOT NULL,
  PRIMARY KEY (account_id, principal_type, principal_key, policy_name)
);

-- Temporary credentials (AssumeRole, GetSessionToken); the secret is encrypted like access keys.
CREATE TABLE sts_sessions (
  access_key_id      VARCHAR(128)  NOT NULL PRIMARY KEY,
  account_id         VARCHAR(12)   NOT NULL,
  principal_arn      VARCHAR(2048) NOT NULL,
  source_arn         VARCHAR(2048) NOT NULL,
  session_name       VARCHAR(64)   NOT NULL,
  secret_ciphertext  BLOB          NOT NULL,
  session_token      VARCHAR(2048) NOT NULL,
  expires_at         BIGINT        NOT NULL
);

CREATE TABLE repository_policies (
  repository_id  VARCHAR(36)    NOT NULL PRIMARY KEY REFERENCES repositories (id) ON DELETE CASCADE,
  document       VARCHAR(20000) NOT NULL
);

CREATE TABLE registry_policies (
  account_id  VARCHAR(12)    NOT NULL PRIMARY KEY REFERENCES accounts (id),
  document    VARCHAR(20000) NOT NULL
);
