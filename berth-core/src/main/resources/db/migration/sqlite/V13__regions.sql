-- Issue 13: every account has one private registry per served region. Repositories, registry
-- policies and pull-time exclusions gain the region; the rows of a single-region deployment move
-- to its configured region (the home_region placeholder) in place. SQLite cannot change a table's
-- keys, so the three tables are rebuilt with foreign keys off: this script runs outside Flyway's
-- transaction (see the .conf beside it) because PRAGMA foreign_keys is ignored inside one, and the
-- rebuild itself is one transaction, a savepoint (Flyway's parser reads BEGIN as a block).
-- Dropping the old tables with foreign keys on would cascade. Events gain the region of the
-- repository or registry they are about.
PRAGMA foreign_keys = OFF;

SAVEPOINT regions;

CREATE TABLE repositories_v13 (
  id                         VARCHAR(36)   NOT NULL PRIMARY KEY,
  account_id                 VARCHAR(12)   NOT NULL REFERENCES accounts (id),
  region                     VARCHAR(32)   NOT NULL,
  name                       VARCHAR(256)  NOT NULL,
  created_at                 BIGINT        NOT NULL,
  tag_mutability             VARCHAR(16)   NOT NULL,
  scan_on_push               INTEGER       NOT NULL,
  tag_mutability_exclusions  VARCHAR(4000) NOT NULL DEFAULT '',
  encryption_type            VARCHAR(16)   NOT NULL DEFAULT 'AES256',
  kms_key                    VARCHAR(2048),
  UNIQUE (account_id, region, name)
);
INSERT INTO repositories_v13 (id, account_id, region, name, created_at, tag_mutability,
    scan_on_push, tag_mutability_exclusions, encryption_type, kms_key)
  SELECT id, account_id, '${home_region}', name, created_at, tag_mutability, scan_on_push,
         tag_mutability_exclusions, encryption_type, kms_key
  FROM repositories;
DROP TABLE repositories;
ALTER TABLE repositories_v13 RENAME TO repositories;

CREATE TABLE registry_policies_v13 (
  account_id  VARCHAR(12)    NOT NULL REFERENCES accounts (id),
  region      VARCHAR(32)    NOT NULL,
  document    VARCHAR(20000) NOT NULL,
  PRIMARY KEY (account_id, region)
);
INSERT INTO registry_policies_v13 (account_id, region, document)
  SELECT account_id, '${home_region}', document FROM registry_policies;
DROP TABLE registry_policies;
ALTER TABLE registry_policies_v13 RENAME TO registry_policies;

CREATE TABLE pull_time_exclusions_v13 (
  account_id     VARCHAR(12)  NOT NULL REFERENCES accounts (id),
  region         VARCHAR(32)  NOT NULL,
  principal_arn  VARCHAR(200) NOT NULL,
  created_at     BIGINT       NOT NULL,
  PRIMARY KEY (account_id, region, principal_arn)
);
INSERT INTO pull_time_exclusions_v13 (account_id, region, principal_arn, created_at)
  SELECT account_id, '${home_region}', principal_arn, created_at FROM pull_time_exclusions;
DROP TABLE pull_time_exclusions;
ALTER TABLE pull_time_exclusions_v13 RENAME TO pull_time_exclusions;

-- An event of a repository or a registry names its region; '' for the account as a whole.
ALTER TABLE events ADD COLUMN region VARCHAR(32) NOT NULL DEFAULT '';

RELEASE regions;

PRAGMA foreign_keys = ON;
