-- ECR pull-through cache rules of each account's registry in each region. ecr_prefix is the
-- local repository prefix without its trailing slash, or ROOT; upstream_url is the URL as given
-- (a host name, or http(s)://host[:port] for a generic OCI upstream), upstream_kind ECR's
-- upstreamRegistry (or 'oci'); credential_arn and custom_role_arn are NULL unless given. Times are
-- epoch milliseconds.
CREATE TABLE pull_through_rules (
  account_id       VARCHAR COLLATE "C"  NOT NULL REFERENCES accounts (id),
  region           VARCHAR COLLATE "C"  NOT NULL,
  ecr_prefix       VARCHAR COLLATE "C"  NOT NULL,
  upstream_url     VARCHAR COLLATE "C"  NOT NULL,
  upstream_kind    VARCHAR COLLATE "C"  NOT NULL,
  upstream_prefix  VARCHAR COLLATE "C"  NOT NULL,
  credential_arn   VARCHAR COLLATE "C",
  custom_role_arn  VARCHAR COLLATE "C",
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  PRIMARY KEY (account_id, region, ecr_prefix)
);
