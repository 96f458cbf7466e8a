-- Issue 12: browser sessions live in the database, so whichever node a load balancer picks serves
-- them, and a restart signs nobody out. key_hash is a hash of the session id (the cookie's secret
-- is never stored); seq orders sessions by when they started, alike on every node; the principal
-- is kept field by field; notice_* is the one-shot message for the next page (set by a form post,
-- shown after its redirect, possibly by another node).
CREATE TABLE browser_sessions (
  seq             BIGINT    GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key_hash        VARCHAR COLLATE "C"   NOT NULL UNIQUE,
  account_id      VARCHAR COLLATE "C"   NOT NULL,
  principal_arn   VARCHAR COLLATE "C" NOT NULL,
  principal_name  VARCHAR COLLATE "C"  NOT NULL,
  access_key_id   VARCHAR COLLATE "C"  NOT NULL,
  principal_type  VARCHAR COLLATE "C"   NOT NULL,
  source_arn      VARCHAR COLLATE "C" NOT NULL,
  csrf            VARCHAR COLLATE "C"   NOT NULL,
  created_at      BIGINT    NOT NULL,
  expires_at      BIGINT    NOT NULL,
  notice_kind     VARCHAR COLLATE "C",
  notice_text     VARCHAR COLLATE "C"
);
CREATE INDEX browser_sessions_principal ON browser_sessions (principal_arn, seq);
CREATE INDEX browser_sessions_expiry ON browser_sessions (expires_at);
