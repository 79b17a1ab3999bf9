-- Experiment (not a migration): what an audit row costs with the seal columns on it (sealed by
-- UPDATE, found through a partial index) and without them (sealed by INSERT into a seal table).
-- Run on a scratch database; \timing prints each step. Measured 2026-11-28 (docs/benchmarks.md, stop 15):
--   createdb sealx && psql -d sealx -f bench/schema-experiments/audit-seal-costs.sql
\timing on
CREATE TABLE merchants (id text PRIMARY KEY);
INSERT INTO merchants VALUES ('m1');

-- Before V11: seal columns, their unique index and the partial index of unsealed rows.
CREATE TABLE a1 (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_type text NOT NULL CHECK (actor_type IN ('ops', 'merchant', 'system', 'shopper')),
    actor_id text, action text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    merchant_id text REFERENCES merchants (id), subject_type text, subject_id text, source_ip inet,
    details jsonb NOT NULL DEFAULT '{}', seal_seq bigint UNIQUE,
    prev_hash bytea CHECK (prev_hash IS NULL OR octet_length(prev_hash) = 32),
    hash bytea CHECK (hash IS NULL OR octet_length(hash) = 32),
    CHECK ((seal_seq IS NULL) = (hash IS NULL)));
CREATE INDEX a1_unsealed_idx ON a1 (id) WHERE seal_seq IS NULL;
CREATE INDEX a1_merchant_idx ON a1 (merchant_id, id DESC);
CREATE INDEX a1_action_idx ON a1 (action, id DESC);
CREATE INDEX a1_security_idx ON a1 (id DESC) WHERE action LIKE 'security.%' OR action = 'auth.throttled';
CREATE INDEX a1_security_merchant_idx ON a1 (merchant_id, id DESC)
    WHERE action LIKE 'security.%' OR action = 'auth.throttled';

-- After V11: no seal columns; seals in a table of their own.
CREATE TABLE a2 (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_type text NOT NULL CHECK (actor_type IN ('ops', 'merchant', 'system', 'shopper')),
    actor_id text, action text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    merchant_id text REFERENCES merchants (id), subject_type text, subject_id text, source_ip inet,
    details jsonb NOT NULL DEFAULT '{}');
CREATE INDEX a2_merchant_idx ON a2 (merchant_id, id DESC);
CREATE INDEX a2_action_idx ON a2 (action, id DESC);
CREATE INDEX a2_security_idx ON a2 (id DESC) WHERE action LIKE 'security.%' OR action = 'auth.throttled';
CREATE INDEX a2_security_merchant_idx ON a2 (merchant_id, id DESC)
    WHERE action LIKE 'security.%' OR action = 'auth.throttled';
CREATE TABLE s2 (event_id bigint PRIMARY KEY, seal_seq bigint NOT NULL UNIQUE,
                 prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
                 hash bytea NOT NULL CHECK (octet_length(hash) = 32));

\echo insert 200,000 rows, before
INSERT INTO a1 (actor_type, actor_id, action, merchant_id, subject_type, subject_id, details)
SELECT 'merchant', 'key_abc', 'charge.approved', 'm1', 'charge', 'ch_' || g, '{"amount": 1000, "currency": "EUR"}'
FROM generate_series(1, 200000) g;
\echo insert 200,000 rows, after
INSERT INTO a2 (actor_type, actor_id, action, merchant_id, subject_type, subject_id, details)
SELECT 'merchant', 'key_abc', 'charge.approved', 'm1', 'charge', 'ch_' || g, '{"amount": 1000, "currency": "EUR"}'
FROM generate_series(1, 200000) g;
\echo seal 200,000 rows, before (UPDATE)
UPDATE a1 SET seal_seq = id, prev_hash = sha256(id::text::bytea), hash = sha256(id::text::bytea)
WHERE seal_seq IS NULL;
\echo seal 200,000 rows, after (INSERT)
INSERT INTO s2 SELECT id, id, sha256(id::text::bytea), sha256(id::text::bytea) FROM a2;
