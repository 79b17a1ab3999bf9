-- Signed webhooks from a transactional outbox.
--
-- A state change that merchants hear about (a charge settled, a refund, a token revoked, an
-- incident) writes its event and one delivery row per subscribed endpoint in the SAME transaction
-- as the change, so an event exists exactly when the change committed. A worker later claims due
-- deliveries, posts them with no connection held, and records the outcome.

CREATE TABLE webhook_endpoints (
    id                  text PRIMARY KEY CHECK (id ~ '^we_[A-Za-z0-9]{16,40}$'),
    -- Internal order for cursor pagination (newest first); never shown.
    seq                 bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    merchant_id         text NOT NULL REFERENCES merchants (id),
    url                 text NOT NULL CHECK (length(url) BETWEEN 10 AND 2048),
    events              text[] NOT NULL CHECK (cardinality(events) > 0 AND events <@ ARRAY[
                            '*', 'token.revoked', 'token.replaced', 'incident.opened', 'charge.succeeded',
                            'charge.failed', 'refund.succeeded']::text[]),
    description         text CHECK (length(description) <= 500),
    -- The signing secret, sealed by the vault (context webhook_secret, bound to the endpoint id):
    -- the gateway signs with it, so a one-way hash would not do.
    secret_sealed       bytea NOT NULL CHECK (octet_length(secret_sealed) BETWEEN 64 AND 2048),
    -- The KEK version inside the blob (format byte, then a big-endian int), read from the blob so
    -- it cannot disagree with it: key rotation counts and re-wraps secrets by it.
    secret_kek_version  integer GENERATED ALWAYS AS ((get_byte(secret_sealed, 1) << 24)
                            | (get_byte(secret_sealed, 2) << 16) | (get_byte(secret_sealed, 3) << 8)
                            | get_byte(secret_sealed, 4)) STORED,
    enabled             boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    disabled_at         timestamptz,
    CHECK (enabled = (disabled_at IS NULL))
);
CREATE INDEX webhook_endpoints_merchant_idx ON webhook_endpoints (merchant_id, seq DESC);
-- The outbox statement on every charge outcome probes this: tiny, and empty for most merchants.
CREATE INDEX webhook_endpoints_enabled_idx ON webhook_endpoints (merchant_id) WHERE enabled;
CREATE INDEX webhook_endpoints_kek_idx ON webhook_endpoints (secret_kek_version, id);

CREATE TABLE webhook_events (
    id              text PRIMARY KEY CHECK (id ~ '^evt_[A-Za-z0-9]{16,40}$'),
    merchant_id     text NOT NULL REFERENCES merchants (id),
    type            text NOT NULL CHECK (type IN ('token.revoked', 'token.replaced', 'incident.opened',
                        'charge.succeeded', 'charge.failed', 'refund.succeeded')),
    -- Ids, amounts and statuses; never card data.
    payload         jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- One row per (event, endpoint). Its identity orders an endpoint's deliveries in event creation
-- order: the event and its deliveries are inserted by one statement.
CREATE TABLE webhook_deliveries (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id            text NOT NULL REFERENCES webhook_events (id),
    endpoint_id         text NOT NULL REFERENCES webhook_endpoints (id),
    status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- When a pending delivery is next due; while a worker holds it, the end of its lease.
    next_attempt_at     timestamptz DEFAULT now(),
    last_attempt_at     timestamptz,
    last_status         integer CHECK (last_status BETWEEN 100 AND 599),
    last_error          text CHECK (length(last_error) <= 200),
    last_duration_ms    integer CHECK (last_duration_ms >= 0),
    delivered_at        timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL)),
    CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
);
-- The head of each endpoint's queue (its oldest pending delivery), and the followers after it.
CREATE INDEX webhook_deliveries_queue_idx ON webhook_deliveries (endpoint_id, id) WHERE status = 'pending';
-- The delivery log of an endpoint, newest first.
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id DESC);
