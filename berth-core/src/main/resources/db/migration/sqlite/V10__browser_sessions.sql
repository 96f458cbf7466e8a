-- Issue 12: browser sessions live in the database, so whichever node a load balancer picks serves
-- them, and a restart signs nobody out. key_hash is a hash of the session id (the cookie's secret
-- is never stored); seq orders sessions by when they started, alike on every node; the principal
-- is kept field by field; notice_* is the one-shot message for the next page (set by a form post,
-- shown after its redirect, possibly by another node).
CREATE TABLE browser_sessions (
  seq             INTEGER   PRIMARY KEY AUTOINCREMENT,
  key_hash        VARCHAR(64)   NOT NULL UNIQUE,
  account_id      VARCHAR(12)   NOT NULL,
  principal_arn   VARCHAR(2048) NOT NULL,
  principal_name  VARCHAR(128)  NOT NULL,
  access_key_id   VARCHAR(128)  NOT NULL,
  principal_type  VARCHAR(16)   NOT NULL,
  source_arn      VARCHAR(2048) NOT NULL,
  csrf            VARCHAR(64)   NOT NULL,
  created_at      BIGINT    NOT NULL,
  expires_at      BIGINT    NOT NULL,
  notice_kind     VARCHAR(8),
  notice_text     VARCHAR(4000)
);
CREATE INDEX browser_sessions_principal ON browser_sessions (principal_arn, seq);
CREATE INDEX browser_sessions_expiry ON browser_sessions (expires_at);
