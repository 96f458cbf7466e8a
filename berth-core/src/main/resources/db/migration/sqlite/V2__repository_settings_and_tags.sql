-- ECR repository settings beyond mutability and scan-on-push, and tags of resources (by ARN).
-- tag_mutability_exclusions: newline-separated wildcard filters of the *_WITH_EXCLUSION modes.
ALTER TABLE repositories ADD COLUMN tag_mutability_exclusions VARCHAR(4000) NOT NULL DEFAULT '';
ALTER TABLE repositories ADD COLUMN encryption_type VARCHAR(16) NOT NULL DEFAULT 'AES256';
ALTER TABLE repositories ADD COLUMN kms_key VARCHAR(2048);

CREATE TABLE resource_tags (
  resource_arn  VARCHAR(1024) NOT NULL,
  tag_key       VARCHAR(128)  NOT NULL,
  tag_value     VARCHAR(256)  NOT NULL,
  PRIMARY KEY (resource_arn, tag_key)
);
