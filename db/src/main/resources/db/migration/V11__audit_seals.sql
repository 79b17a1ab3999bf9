-- The seals of the audit trail move out of audit_events into audit_seals: audit rows are inserted
-- and never updated again, and sealing is an insert of a narrow row. Before, sealing updated every
-- audit row once (seal_seq, prev_hash, hash): an update that changes an indexed column, so a new
-- version of the whole row with an entry in each of its indexes, plus the dead version and its index
-- entries left for vacuum. The charge path writes two audit rows per charge; measured on PostgreSQL
-- 15, 200,000 rows in one statement: insert 16-18 us a row with the seal columns and their two
-- indexes, 8 us without; seal by update 17 us a row, by insert into audit_seals 7 us.
--
-- The sealer no longer finds unsealed rows through a partial index (an entry per audit row on the
-- charge path, and a dead one per sealed row): it seals in id order up to a horizon it knows every
-- writer has passed (AuditSealer), and keeps how far it got in audit_seal_progress.

-- One row per sealed audit row. No foreign key to audit_events, on purpose: its check would lock
-- the audit row (FOR KEY SHARE), that is, write to it again. A seal whose row is gone is what the
-- verifier reports as a deleted row.
CREATE TABLE audit_seals (
    event_id   bigint PRIMARY KEY,
    seal_seq   bigint NOT NULL UNIQUE CHECK (seal_seq > 0),
    prev_hash  bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash       bytea NOT NULL CHECK (octet_length(hash) = 32)
);

INSERT INTO audit_seals (event_id, seal_seq, prev_hash, hash)
SELECT id, seal_seq, prev_hash, hash FROM audit_events WHERE seal_seq IS NOT NULL;

-- Every audit row with an id up to sealed_through is sealed or was never committed. Rows the old
-- sealer had not sealed yet keep it below them; the sealer skips rows already in audit_seals.
CREATE TABLE audit_seal_progress (
    single          boolean PRIMARY KEY DEFAULT true CHECK (single),
    sealed_through  bigint NOT NULL CHECK (sealed_through >= 0)
);
INSERT INTO audit_seal_progress (sealed_through)
SELECT COALESCE((SELECT min(id) - 1 FROM audit_events WHERE seal_seq IS NULL),
                (SELECT max(id) FROM audit_events), 0);

DROP INDEX audit_events_unsealed_idx;
ALTER TABLE audit_events DROP COLUMN seal_seq, DROP COLUMN prev_hash, DROP COLUMN hash;

-- The sealer's horizon relies on ids being taken from the sequence one at a time, by the statement
-- that inserts the row (the default of an identity column, CACHE 1): a backend holding cached ids
-- could insert below the horizon later.
ALTER TABLE audit_events ALTER COLUMN id SET CACHE 1;
