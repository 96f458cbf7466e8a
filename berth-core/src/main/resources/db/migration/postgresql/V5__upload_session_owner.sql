-- Issue 9, item 9: open upload sessions are bounded per repository and per owner (the ARN of the
-- principal that opened them; a role's ARN for its sessions). Sessions from before this version
-- have no owner ('') and count only against their repository.
ALTER TABLE upload_sessions ADD COLUMN owner VARCHAR COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX upload_sessions_repository ON upload_sessions (repository_id);
CREATE INDEX upload_sessions_owner ON upload_sessions (owner);
