-- Secrets Manager secrets (the credentials ECR pull-through cache rules name by credentialArn),
-- per account and region. arn is arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6
-- random alphanumerics>; a name is unique per account and region, and a name reused after its
-- secret is deleted gets a new arn. description and kms_key_id are NULL unless given;
-- deletion_date is NULL unless the secret is scheduled for deletion (epoch ms; past it the secret
-- is gone). Tags sit in resource_tags under the arn. Times are epoch milliseconds.
CREATE TABLE secrets (
  arn            VARCHAR COLLATE "C"  NOT NULL PRIMARY KEY,
  account_id     VARCHAR COLLATE "C"   NOT NULL REFERENCES accounts (id),
  region         VARCHAR COLLATE "C"   NOT NULL,
  name           VARCHAR COLLATE "C"  NOT NULL,
  description    VARCHAR COLLATE "C",
  kms_key_id     VARCHAR COLLATE "C",
  created_at     BIGINT        NOT NULL,
  changed_at     BIGINT        NOT NULL,
  deletion_date  BIGINT,
  UNIQUE (account_id, region, name)
);

-- The versions of each secret; version_id is the ClientRequestToken that created it. The value
-- is never stored in plain text: value_ciphertext is AES-256-GCM under the node's master key (as
-- access-key secrets are) of the SecretString, or of the base64 of the SecretBinary when is_binary
-- is 1.
CREATE TABLE secret_versions (
  secret_arn        VARCHAR COLLATE "C" NOT NULL REFERENCES secrets (arn) ON DELETE CASCADE,
  version_id        VARCHAR COLLATE "C"  NOT NULL,
  is_binary         INTEGER      NOT NULL,
  value_ciphertext  BYTEA        NOT NULL,
  created_at        BIGINT       NOT NULL,
  PRIMARY KEY (secret_arn, version_id)
);

-- Staging labels (AWSCURRENT, AWSPREVIOUS, custom ones): each label of a secret on one version.
CREATE TABLE secret_version_stages (
  secret_arn  VARCHAR COLLATE "C" NOT NULL,
  stage       VARCHAR COLLATE "C" NOT NULL,
  version_id  VARCHAR COLLATE "C"  NOT NULL,
  PRIMARY KEY (secret_arn, stage),
  FOREIGN KEY (secret_arn, version_id) REFERENCES secret_versions (secret_arn, version_id) ON DELETE CASCADE
);
