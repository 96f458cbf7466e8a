-- AWS Organizations: the one organization whose management account is Berth's default account,
-- its member accounts (the management account included) and the create-account requests.
-- Account ids reference accounts (V1); email_key is the lower-cased email, unique, since AWS
-- refuses a second account with the same address (EMAIL_ALREADY_EXISTS). Times are epoch ms;
-- completed_at, account_id and failure_reason are NULL until a request completes, succeeds or
-- fails.
CREATE TABLE organizations (
  id                     VARCHAR(34)  NOT NULL PRIMARY KEY,
  management_account_id  VARCHAR(12)  NOT NULL UNIQUE REFERENCES accounts (id),
  created_at             BIGINT       NOT NULL
);

CREATE TABLE organization_accounts (
  account_id       VARCHAR(12)  NOT NULL PRIMARY KEY REFERENCES accounts (id),
  organization_id  VARCHAR(34)  NOT NULL REFERENCES organizations (id),
  name             VARCHAR(128) NOT NULL,
  email            VARCHAR(64)  NOT NULL,
  email_key        VARCHAR(64)  NOT NULL UNIQUE,
  status           VARCHAR(16)  NOT NULL,
  joined_method    VARCHAR(16)  NOT NULL,
  joined_at        BIGINT       NOT NULL
);
CREATE INDEX organization_accounts_org ON organization_accounts (organization_id, account_id);

CREATE TABLE create_account_statuses (
  id               VARCHAR(40)  NOT NULL PRIMARY KEY,
  organization_id  VARCHAR(34)  NOT NULL REFERENCES organizations (id),
  account_name     VARCHAR(50)  NOT NULL,
  state            VARCHAR(16)  NOT NULL,
  requested_at     BIGINT       NOT NULL,
  completed_at     BIGINT,
  account_id       VARCHAR(12),
  failure_reason   VARCHAR(64)
);
CREATE INDEX create_account_statuses_org ON create_account_statuses (organization_id, id);
