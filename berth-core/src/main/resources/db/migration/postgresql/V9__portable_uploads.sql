-- Issue 12: an upload continues on any node. The session row keeps what the blob store reported
-- about the staged bytes (an object store's multipart upload and parts) and the running SHA-256's
-- saved state, so no node needs memory of the session and none rereads its bytes.
ALTER TABLE upload_sessions ADD COLUMN staging_token TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE upload_sessions ADD COLUMN hash_state BYTEA;
