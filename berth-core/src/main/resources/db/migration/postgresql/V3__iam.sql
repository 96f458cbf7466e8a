-- IAM entities per account, customer managed policies with versions, attachments, inline
-- policies, STS sessions and ECR resource policies. Names are unique per account
-- case-insensitively in IAM; name_key holds the lower-cased name for that purpose.

CREATE TABLE iam_users (
  account_id  VARCHAR COLLATE "C"  NOT NULL REFERENCES accounts (id),
  name        VARCHAR COLLATE "C"  NOT NULL,
  name_key    VARCHAR COLLATE "C"  NOT NULL,
  user_id     VARCHAR COLLATE "C"  NOT NULL UNIQUE,
  path        VARCHAR COLLATE "C" NOT NULL,
  created_at  BIGINT       NOT NULL,
  PRIMARY KEY (account_id, name_key)
);

CREATE TABLE iam_groups (
  account_id  VARCHAR COLLATE "C"  NOT NULL REFERENCES accounts (id),
  name        VARCHAR COLLATE "C" NOT NULL,
  name_key    VARCHAR COLLATE "C" NOT NULL,
  group_id    VARCHAR COLLATE "C"  NOT NULL UNIQUE,
  path        VARCHAR COLLATE "C" NOT NULL,
  created_at  BIGINT       NOT NULL,
  PRIMARY KEY (account_id, name_key)
);

CREATE TABLE iam_group_members (
  account_id  VARCHAR COLLATE "C"  NOT NULL,
  group_key   VARCHAR COLLATE "C" NOT NULL,
  user_key    VARCHAR COLLATE "C"  NOT NULL,
  PRIMARY KEY (account_id, group_key, user_key)
);

CREATE TABLE iam_roles (
  account_id            VARCHAR COLLATE "C"   NOT NULL REFERENCES accounts (id),
  name                  VARCHAR COLLATE "C"   NOT NULL,
  name_key              VARCHAR COLLATE "C"   NOT NULL,
  role_id               VARCHAR COLLATE "C"   NOT NULL UNIQUE,
  path                  VARCHAR COLLATE "C"  NOT NULL,
  assume_role_policy    VARCHAR COLLATE "C" NOT NULL,
  description           VARCHAR COLLATE "C" NOT NULL,
  max_session_duration  INTEGER       NOT NULL,
  created_at            BIGINT        NOT NULL,
  PRIMARY KEY (account_id, name_key)
);

-- Customer managed policies (AWS managed ones are built in, never stored).
CREATE TABLE iam_policies (
  arn              VARCHAR COLLATE "C" NOT NULL PRIMARY KEY,
  account_id       VARCHAR COLLATE "C"   NOT NULL REFERENCES accounts (id),
  name             VARCHAR COLLATE "C"  NOT NULL,
  policy_id        VARCHAR COLLATE "C"   NOT NULL UNIQUE,
  path             VARCHAR COLLATE "C"  NOT NULL,
  description      VARCHAR COLLATE "C" NOT NULL,
  default_version  VARCHAR COLLATE "C"   NOT NULL,
  next_version     INTEGER       NOT NULL,
  created_at       BIGINT        NOT NULL,
  updated_at       BIGINT        NOT NULL
);

CREATE TABLE iam_policy_versions (
  policy_arn  VARCHAR COLLATE "C"  NOT NULL REFERENCES iam_policies (arn) ON DELETE CASCADE,
  version_id  VARCHAR COLLATE "C"    NOT NULL,
  document    VARCHAR COLLATE "C" NOT NULL,
  created_at  BIGINT         NOT NULL,
  PRIMARY KEY (policy_arn, version_id)
);

-- principal_type: USER, GROUP or ROLE; principal_key: the entity's lower-cased name.
CREATE TABLE iam_attachments (
  account_id      VARCHAR COLLATE "C"   NOT NULL,
  principal_type  VARCHAR COLLATE "C"    NOT NULL,
  principal_key   VARCHAR COLLATE "C"  NOT NULL,
  policy_arn      VARCHAR COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, principal_type, principal_key, policy_arn)
);
CREATE INDEX iam_attachments_policy ON iam_attachments (policy_arn);

CREATE TABLE iam_inline_policies (
  account_id      VARCHAR COLLATE "C"    NOT NULL,
  principal_type  VARCHAR COLLATE "C"     NOT NULL,
  principal_key   VARCHAR COLLATE "C"   NOT NULL,
  policy_name     VARCHAR COLLATE "C"   NOT NULL,
  document        VARCHAR COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, principal_type, principal_key, policy_name)
);

-- Temporary credentials (AssumeRole, GetSessionToken); the secret is encrypted like access keys.
CREATE TABLE sts_sessions (
  access_key_id      VARCHAR COLLATE "C"  NOT NULL PRIMARY KEY,
  account_id         VARCHAR COLLATE "C"   NOT NULL,
  principal_arn      VARCHAR COLLATE "C" NOT NULL,
  source_arn         VARCHAR COLLATE "C" NOT NULL,
  session_name       VARCHAR COLLATE "C"   NOT NULL,
  secret_ciphertext  BYTEA          NOT NULL,
  session_token      VARCHAR COLLATE "C" NOT NULL,
  expires_at         BIGINT        NOT NULL
);

CREATE TABLE repository_policies (
  repository_id  VARCHAR COLLATE "C"    NOT NULL PRIMARY KEY REFERENCES repositories (id) ON DELETE CASCADE,
  document       VARCHAR COLLATE "C" NOT NULL
);

CREATE TABLE registry_policies (
  account_id  VARCHAR COLLATE "C"    NOT NULL PRIMARY KEY REFERENCES accounts (id),
  document    VARCHAR COLLATE "C" NOT NULL
);
