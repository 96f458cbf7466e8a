-- ECR repository settings beyond mutability and scan-on-push, and tags of resources (by ARN).
-- tag_mutability_exclusions: newline-separated wildcard filters of the *_WITH_EXCLUSION modes.
ALTER TABLE repositories ADD COLUMN tag_mutability_exclusions VARCHAR COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE repositories ADD COLUMN encryption_type VARCHAR COLLATE "C" NOT NULL DEFAULT 'AES256';
ALTER TABLE repositories ADD COLUMN kms_key VARCHAR COLLATE "C";

CREATE TABLE resource_tags (
  resource_arn  VARCHAR COLLATE "C" NOT NULL,
  tag_key       VARCHAR COLLATE "C"  NOT NULL,
  tag_value     VARCHAR COLLATE "C"  NOT NULL,
  PRIMARY KEY (resource_arn, tag_key)
);
