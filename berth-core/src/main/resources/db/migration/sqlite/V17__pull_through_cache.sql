-- ECR pull-through cache rules of each account's registry in each region. ecr_prefix is the
-- local repository prefix without its trailing slash, or ROOT; upstream_url is the URL as given
-- (a host name, or http(s)://host[:port] for a generic OCI upstream), upstream_kind ECR's
-- upstreamRegistry (or 'oci'); credential_arn and custom_role_arn are NULL unless given. Times are
-- epoch milliseconds.
CREATE TABLE pull_through_rules (
  account_id       VARCHAR(12)  NOT NULL REFERENCES accounts (id),
  region           VARCHAR(32)  NOT NULL,
  ecr_prefix       VARCHAR(30)  NOT NULL,
  upstream_url     VARCHAR(2048)  NOT NULL,
  upstream_kind    VARCHAR(32)  NOT NULL,
  upstream_prefix  VARCHAR(30)  NOT NULL,
  credential_arn   VARCHAR(612),
  custom_role_arn  VARCHAR(2048),
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  PRIMARY KEY (account_id, region, ecr_prefix)
);
