-- Issue 12: the outbox of domain events. A change to identities, policies, repositories or images
-- appends its event in the transaction that makes the change, so an event exists exactly when its
-- change committed; every node's relay reads the events after the last one it has seen and drops
-- its caches (later: replication and the collector read them too). seq orders events; on
-- PostgreSQL a later seq can commit before an earlier one, so relays wait a while for gaps.
-- created_at is epoch ms; housekeeping purges old events.
CREATE TABLE events (
  seq         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        VARCHAR COLLATE "C" NOT NULL,
  account_id  VARCHAR COLLATE "C" NOT NULL,
  subject     VARCHAR COLLATE "C" NOT NULL,
  detail      VARCHAR COLLATE "C" NOT NULL,
  created_at  BIGINT  NOT NULL
);
CREATE INDEX events_created ON events (created_at);
