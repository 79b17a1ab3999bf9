-- Breach containment (incidents, the revocation cutoff, token migrations and their old -> new pairs),
-- the security-event index, canary tokens, and dual-control approvals.
--
-- Containment answers at once and does the bulk work in the background: the cutoff row makes every
-- token issued before the incident refused the moment the incident commits; workers then revoke and
-- replace those tokens in batches, each batch one transaction that moves its lane's cursor.

CREATE TABLE incidents (
    id                  text PRIMARY KEY CHECK (id ~ '^inc_[A-Za-z0-9]{16,40}$'),
    merchant_id         text NOT NULL REFERENCES merchants (id),
    status              text NOT NULL DEFAULT 'containing' CHECK (status IN ('containing', 'contained')),
    reason              text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    opened_by           text NOT NULL,
    -- The key issued to the merchant when every other key was revoked (its secret is never stored).
    new_api_key_id      text NOT NULL REFERENCES api_keys (id),
    api_keys_revoked    integer NOT NULL CHECK (api_keys_revoked >= 0),
    -- Tokens of the merchant with an id below this were issued before the incident: all refused.
    token_cutoff        bigint NOT NULL CHECK (token_cutoff > 0),
    tokens_total        bigint NOT NULL CHECK (tokens_total >= 0),
    tokens_revoked      bigint NOT NULL DEFAULT 0 CHECK (tokens_revoked >= 0),
    tokens_replaced     bigint NOT NULL DEFAULT 0 CHECK (tokens_replaced >= 0),
    batches             integer NOT NULL DEFAULT 0 CHECK (batches >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    completed_at        timestamptz,
    CHECK (tokens_replaced <= tokens_revoked),
    CHECK ((status = 'contained') = (completed_at IS NOT NULL))
);
-- One containment at a time per merchant: a second one is refused while the first still runs.
CREATE UNIQUE INDEX incidents_one_containing_uq ON incidents (merchant_id) WHERE status = 'containing';
CREATE INDEX incidents_merchant_idx ON incidents (merchant_id, created_at DESC, id DESC);
-- The worker's queue.
CREATE INDEX incidents_containing_idx ON incidents (created_at) WHERE status = 'containing';

-- The pre-incident tokens of an incident split by id range into lanes that workers (threads, and
-- instances) process in parallel, each claimed with FOR UPDATE SKIP LOCKED. A lane handles the ids
-- in (cursor_token_id, upper_bound); its cursor moves in the same transaction as each batch, so a
-- crash loses at most the batch in flight.
CREATE TABLE incident_lanes (
    incident_id     text NOT NULL REFERENCES incidents (id),
    lane            smallint NOT NULL CHECK (lane >= 0),
    cursor_token_id bigint NOT NULL CHECK (cursor_token_id >= 0),
    upper_bound     bigint NOT NULL,
    done            boolean NOT NULL DEFAULT false,
    PRIMARY KEY (incident_id, lane),
    CHECK (cursor_token_id < upper_bound)
);
CREATE INDEX incident_lanes_open_idx ON incident_lanes (incident_id, lane) WHERE NOT done;

-- Read by the token check of every charge (one primary-key probe): a token of the merchant with an
-- id below revoked_below is refused as revoked, even before the worker has revoked its row.
CREATE TABLE token_cutoffs (
    merchant_id     text PRIMARY KEY REFERENCES merchants (id),
    revoked_below   bigint NOT NULL CHECK (revoked_below > 0),
    incident_id     text NOT NULL REFERENCES incidents (id),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- What the merchant fetches with its new key: the old -> new mapping of one incident.
CREATE TABLE token_migrations (
    id              text PRIMARY KEY CHECK (id ~ '^tmig_[A-Za-z0-9]{16,40}$'),
    incident_id     text NOT NULL UNIQUE REFERENCES incidents (id),
    merchant_id     text NOT NULL REFERENCES merchants (id),
    -- in_progress: pairs are still being added; ready: complete; done: the merchant says it has applied it.
    status          text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'ready', 'done')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    ready_at        timestamptz,
    done_at         timestamptz,
    done_by         text,
    CHECK ((status = 'in_progress') = (ready_at IS NULL)),
    CHECK ((status = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX token_migrations_merchant_idx ON token_migrations (merchant_id, created_at DESC, id DESC);

-- One row per token an incident revoked: new_token_id is its replacement, NULL when it was revoked
-- without one (a spent single-use token, an expired token, a token on a deleted card). Written by the
-- same statement that revokes the old row and inserts the new one (which also sets
-- tokens.replaced_by). No foreign keys on purpose: their checks cost a fifth of a containment batch
-- (measured: 430 vs 360 ms per 5,000 tokens) and tokens are never deleted.
CREATE TABLE token_migration_pairs (
    migration_id    text NOT NULL,
    old_token_id    bigint NOT NULL,
    new_token_id    bigint,
    PRIMARY KEY (migration_id, old_token_id)
);

-- Canary tokens are listed for ops by merchant; the partial index stays tiny.
CREATE INDEX tokens_canary_idx ON tokens (merchant_id, id DESC) WHERE canary;

-- Security events are audit rows (the audit trail is their record, hash-chained like the rest):
-- uses of revoked tokens and keys, canary uses, throttled addresses. Ops list them newest first.
CREATE INDEX audit_events_security_idx ON audit_events (id DESC)
    WHERE action LIKE 'security.%' OR action = 'auth.throttled';
CREATE INDEX audit_events_security_merchant_idx ON audit_events (merchant_id, id DESC)
    WHERE action LIKE 'security.%' OR action = 'auth.throttled';

-- Dual control: one admin requests an action, a second, different admin approves it, and only then
-- does it run (in the approving transaction). The database refuses a self-approval too; the
-- requester may still withdraw (reject) its own request.
CREATE TABLE approvals (
    id              text PRIMARY KEY CHECK (id ~ '^apr_[A-Za-z0-9]{16,40}$'),
    -- Internal order for cursor pagination (newest first); never shown.
    seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    action          text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    params          jsonb NOT NULL DEFAULT '{}',
    -- approved is transient: the handler runs in the approving transaction, which commits
    -- executed or failed.
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN
                        ('pending', 'approved', 'rejected', 'executed', 'failed', 'expired')),
    requested_by    text NOT NULL,
    decided_by      text,
    reason          text CHECK (length(reason) <= 500),
    result          jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    expires_at      timestamptz NOT NULL,
    CHECK (expires_at > created_at),
    CHECK (status NOT IN ('approved', 'executed', 'failed') OR decided_by <> requested_by),
    CHECK ((decided_by IS NULL) = (decided_at IS NULL)),
    CHECK ((status IN ('pending', 'expired')) = (decided_by IS NULL))
);
CREATE INDEX approvals_status_idx ON approvals (status, seq DESC);
