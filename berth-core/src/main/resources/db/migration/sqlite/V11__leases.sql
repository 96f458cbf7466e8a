-- Issue 12: named leases, so that background work (garbage collection, lifecycle runs, upload
-- expiry, the archive worker) runs once across every node sharing the database. A row is created
-- by the first take of its name; holder is NULL when nobody holds it, lease_until is when an
-- unrenewed lease lapses (epoch ms). The collector's lease moves here from gc_state.
CREATE TABLE leases (
  name         VARCHAR(64)  NOT NULL PRIMARY KEY,
  holder       VARCHAR(512),
  lease_until  BIGINT       NOT NULL DEFAULT 0
);
INSERT INTO leases (name, holder, lease_until) SELECT 'gc', holder, lease_until FROM gc_state;
ALTER TABLE gc_state DROP COLUMN holder;
ALTER TABLE gc_state DROP COLUMN lease_until;
