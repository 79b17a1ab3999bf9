-- Core schema of the gateway. Integrity lives here, not only in Java: every status is a CHECK,
-- every money amount is a positive bigint in minor units with an ISO 4217 code, and every
-- secret-derived column is a fixed-size keyed hash.

CREATE TABLE merchants (
    id              text PRIMARY KEY CHECK (id ~ '^mer_[A-Za-z0-9]{16,40}$'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    -- Origins (scheme://host[:port]) the hosted checkout may redirect back to.
    return_origins  text[] NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id              text PRIMARY KEY CHECK (id ~ '^key_[A-Za-z0-9]{16,40}$'),
    merchant_id     text NOT NULL REFERENCES merchants (id),
    -- HMAC-SHA256 of the secret under the vault's lookup key; the secret itself is never stored.
    secret_hash     bytea NOT NULL UNIQUE CHECK (octet_length(secret_hash) = 32),
    -- The last characters of the secret, so a human can tell keys apart in a list.
    secret_hint     text NOT NULL CHECK (length(secret_hint) BETWEEN 1 AND 8),
    scopes          text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY[
                        'checkout:write', 'charges:write', 'charges:read', 'refunds:write',
                        'refunds:read', 'tokens:read', 'tokens:write', 'webhooks:write',
                        'migrations:read']::text[]),
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    expires_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    revoked_reason  text,
    last_used_at    timestamptz,
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
    CHECK (expires_at IS NULL OR expires_at > created_at)
);
CREATE INDEX api_keys_merchant_idx ON api_keys (merchant_id, created_at);

-- The access-control list of a merchant, enforced before any card is decrypted.
CREATE TABLE merchant_acls (
    merchant_id                 text PRIMARY KEY REFERENCES merchants (id),
    -- Source networks allowed to call the merchant API; empty means any.
    allowed_cidrs               cidr[] NOT NULL DEFAULT '{}',
    merchant_initiated_allowed  boolean NOT NULL DEFAULT false,
    updated_at                  timestamptz NOT NULL DEFAULT now()
);

-- Allowed currencies with their caps: a currency without a row is refused.
CREATE TABLE merchant_currency_limits (
    merchant_id     text NOT NULL REFERENCES merchant_acls (merchant_id) ON DELETE CASCADE,
    currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    per_charge_max  bigint CHECK (per_charge_max > 0),
    daily_max       bigint CHECK (daily_max > 0),
    PRIMARY KEY (merchant_id, currency)
);

-- Daily spend, striped so that concurrent charges of one merchant do not all update one row.
CREATE TABLE merchant_daily_usage (
    merchant_id     text NOT NULL REFERENCES merchants (id),
    currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    day             date NOT NULL,
    stripe          smallint NOT NULL CHECK (stripe BETWEEN 0 AND 63),
    amount          bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (merchant_id, currency, day, stripe)
);

CREATE TABLE cards (
    id              text PRIMARY KEY CHECK (id ~ '^card_[A-Za-z0-9]{16,40}$'),
    merchant_id     text NOT NULL REFERENCES merchants (id),
    -- Vault envelope (format byte, KEK version, wrapped DEK, nonce, ciphertext); NULL once shredded.
    sealed          bytea CHECK (sealed IS NULL OR octet_length(sealed) BETWEEN 32 AND 4096),
    kek_version     integer NOT NULL CHECK (kek_version > 0),
    fingerprint     bytea NOT NULL CHECK (octet_length(fingerprint) = 32),
    brand           text NOT NULL CHECK (brand IN ('visa', 'mastercard', 'amex', 'discover',
                        'jcb', 'diners', 'unionpay', 'unknown')),
    last4           char(4) NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
    exp_month       smallint NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
    exp_year        smallint NOT NULL CHECK (exp_year BETWEEN 2000 AND 2199),
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'shredded')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    shredded_at     timestamptz,
    CHECK ((status = 'shredded') = (sealed IS NULL)),
    CHECK ((status = 'shredded') = (shredded_at IS NOT NULL))
);
CREATE INDEX cards_merchant_fingerprint_idx ON cards (merchant_id, fingerprint);
-- Re-wrap and version retirement count and walk cards by KEK version.
CREATE INDEX cards_kek_version_idx ON cards (kek_version, id) WHERE status = 'active';

CREATE TABLE tokens (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id         text NOT NULL REFERENCES merchants (id),
    card_id             text NOT NULL REFERENCES cards (id),
    -- HMAC-SHA256 of the token under the lookup key: the only way a token is found.
    lookup_hash         bytea NOT NULL UNIQUE CHECK (octet_length(lookup_hash) = 32),
    -- The token sealed by the vault, so lists and migration mappings can show it to its owner.
    token_sealed        bytea NOT NULL,
    hint                text NOT NULL CHECK (length(hint) BETWEEN 1 AND 8),
    format              text NOT NULL DEFAULT 'opaque' CHECK (format IN ('opaque', 'format_preserving')),
    status              text NOT NULL DEFAULT 'active'
                            CHECK (status IN ('active', 'suspended', 'revoked', 'expired')),
    usage               text NOT NULL DEFAULT 'multi_use' CHECK (usage IN ('single_use', 'multi_use')),
    used_at             timestamptz,
    expires_at          timestamptz,
    max_amount          bigint CHECK (max_amount > 0),
    max_amount_currency char(3) CHECK (max_amount_currency ~ '^[A-Z]{3}$'),
    channel             text NOT NULL DEFAULT 'any'
                            CHECK (channel IN ('customer_initiated', 'merchant_initiated', 'any')),
    canary              boolean NOT NULL DEFAULT false,
    replaced_by         bigint REFERENCES tokens (id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    revoked_at          timestamptz,
    revoked_reason      text,
    CHECK ((max_amount IS NULL) = (max_amount_currency IS NULL)),
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
    CHECK (replaced_by IS NULL OR status = 'revoked'),
    CHECK (replaced_by IS NULL OR replaced_by <> id)
);
-- Cursor pagination of a merchant's tokens, newest first.
CREATE INDEX tokens_merchant_idx ON tokens (merchant_id, id DESC);
-- Containment walks the active tokens of one merchant.
CREATE INDEX tokens_merchant_active_idx ON tokens (merchant_id, id) WHERE status IN ('active', 'suspended');
CREATE INDEX tokens_card_idx ON tokens (card_id);

CREATE TABLE checkout_sessions (
    id                  text PRIMARY KEY CHECK (id ~ '^cs_[A-Za-z0-9]{16,40}$'),
    merchant_id         text NOT NULL REFERENCES merchants (id),
    mode                text NOT NULL CHECK (mode IN ('setup', 'payment')),
    status              text NOT NULL DEFAULT 'open' CHECK (status IN
                            ('open', 'challenge', 'succeeded', 'completed', 'cancelled', 'expired', 'failed')),
    amount              bigint CHECK (amount > 0),
    currency            char(3) CHECK (currency ~ '^[A-Z]{3}$'),
    success_url         text NOT NULL CHECK (length(success_url) <= 2048),
    cancel_url          text NOT NULL CHECK (length(cancel_url) <= 2048),
    merchant_reference  text CHECK (length(merchant_reference) <= 200),
    -- Domain controls the resulting token will carry (usage, expiry, max amount, channel).
    token_controls      jsonb NOT NULL DEFAULT '{}',
    attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    challenge_attempts  integer NOT NULL DEFAULT 0 CHECK (challenge_attempts >= 0),
    -- Verification in progress: the vaulted card waiting for the cardholder challenge.
    card_id             text REFERENCES cards (id),
    token_id            bigint REFERENCES tokens (id),
    charge_id           text,
    -- Keyed hash of the one-time code returned through the browser; single use.
    code_hash           bytea UNIQUE CHECK (octet_length(code_hash) = 32),
    code_expires_at     timestamptz,
    code_used_at        timestamptz,
    expires_at          timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (mode = 'setup' OR (amount IS NOT NULL AND currency IS NOT NULL)),
    CHECK (mode = 'payment' OR (amount IS NULL AND currency IS NULL)),
    CHECK ((code_hash IS NULL) = (code_expires_at IS NULL)),
    CHECK (status NOT IN ('succeeded', 'completed') OR token_id IS NOT NULL),
    CHECK (expires_at > created_at)
);
CREATE INDEX checkout_sessions_merchant_idx ON checkout_sessions (merchant_id, created_at DESC);

CREATE TABLE charges (
    id                  text PRIMARY KEY CHECK (id ~ '^ch_[A-Za-z0-9]{16,40}$'),
    merchant_id         text NOT NULL REFERENCES merchants (id),
    token_id            bigint NOT NULL REFERENCES tokens (id),
    amount              bigint NOT NULL CHECK (amount > 0),
    currency            char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- pending: recorded, acquirer not yet answered (a recovery job resolves stale ones).
    status              text NOT NULL DEFAULT 'pending' CHECK (status IN
                            ('pending', 'authorized', 'captured', 'voided', 'declined', 'failed')),
    captured_amount     bigint NOT NULL DEFAULT 0 CHECK (captured_amount >= 0),
    refunded_amount     bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
    capture_requested   boolean NOT NULL DEFAULT true,
    channel             text NOT NULL CHECK (channel IN ('customer_initiated', 'merchant_initiated')),
    description         text CHECK (length(description) <= 500),
    reference           text CHECK (length(reference) <= 200),
    acquirer_reference  text,
    decline_code        text,
    failure_code        text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    authorized_at       timestamptz,
    captured_at         timestamptz,
    voided_at           timestamptz,
    CHECK (captured_amount <= amount),
    CHECK (refunded_amount <= captured_amount),
    CHECK (status = 'captured' OR captured_amount = 0),
    CHECK (status = 'captured' OR refunded_amount = 0),
    CHECK (status NOT IN ('authorized', 'captured', 'voided') OR acquirer_reference IS NOT NULL),
    CHECK (status <> 'declined' OR decline_code IS NOT NULL)
);
CREATE INDEX charges_merchant_idx ON charges (merchant_id, created_at DESC, id DESC);
CREATE INDEX charges_token_idx ON charges (token_id);
CREATE INDEX charges_pending_idx ON charges (created_at) WHERE status = 'pending';

ALTER TABLE checkout_sessions
    ADD CONSTRAINT checkout_sessions_charge_fk FOREIGN KEY (charge_id) REFERENCES charges (id);

CREATE TABLE refunds (
    id                  text PRIMARY KEY CHECK (id ~ '^re_[A-Za-z0-9]{16,40}$'),
    merchant_id         text NOT NULL REFERENCES merchants (id),
    charge_id           text NOT NULL REFERENCES charges (id),
    amount              bigint NOT NULL CHECK (amount > 0),
    currency            char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    reason              text CHECK (reason IN ('duplicate', 'fraudulent', 'requested_by_customer', 'other')),
    acquirer_reference  text,
    failure_code        text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_charge_idx ON refunds (charge_id);
CREATE INDEX refunds_merchant_idx ON refunds (merchant_id, created_at DESC, id DESC);

-- One row per (merchant, Idempotency-Key): the first response is replayed byte for byte.
CREATE TABLE idempotency_records (
    merchant_id         text NOT NULL REFERENCES merchants (id),
    idempotency_key     text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    -- SHA-256 of method, path and body, so a reused key with another request is refused.
    request_hash        bytea NOT NULL CHECK (octet_length(request_hash) = 32),
    status              text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'completed')),
    response_status     integer CHECK (response_status BETWEEN 100 AND 599),
    response_type       text,
    response_body       bytea,
    created_at          timestamptz NOT NULL DEFAULT now(),
    expires_at          timestamptz NOT NULL,
    PRIMARY KEY (merchant_id, idempotency_key),
    CHECK ((status = 'completed') = (response_status IS NOT NULL))
);
CREATE INDEX idempotency_records_expiry_idx ON idempotency_records (expires_at);

-- Append-only, hash-chained audit trail. Writers append unsealed rows inside their own
-- transaction (no shared head to lock); a single sealer later assigns seal_seq in order and
-- chains hash = H(prev_hash || row) so an edit or deletion breaks verification.
CREATE TABLE audit_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_type      text NOT NULL CHECK (actor_type IN ('ops', 'merchant', 'system', 'shopper')),
    actor_id        text,
    action          text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    merchant_id     text REFERENCES merchants (id),
    subject_type    text,
    subject_id      text,
    source_ip       inet,
    details         jsonb NOT NULL DEFAULT '{}',
    seal_seq        bigint UNIQUE,
    prev_hash       bytea CHECK (prev_hash IS NULL OR octet_length(prev_hash) = 32),
    hash            bytea CHECK (hash IS NULL OR octet_length(hash) = 32),
    CHECK ((seal_seq IS NULL) = (hash IS NULL))
);
CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE seal_seq IS NULL;
CREATE INDEX audit_events_merchant_idx ON audit_events (merchant_id, id DESC);
CREATE INDEX audit_events_action_idx ON audit_events (action, id DESC);
