-- Charges, refunds and idempotency at run time, and the acquirer simulator's ledger.
--
-- Every money-moving step is two-phase: claim a state transition and commit, call the acquirer
-- with no connection held, then record the outcome. A crash in between leaves a row in a
-- transient state that the recovery job resolves by asking the acquirer what happened.

-- Capture and void get transient states of their own, like 'pending' for an authorization.
ALTER TABLE charges DROP CONSTRAINT charges_status_check;
ALTER TABLE charges ADD CONSTRAINT charges_status_check CHECK (status IN
    ('pending', 'authorized', 'capturing', 'voiding', 'captured', 'voided', 'declined', 'failed'));

ALTER TABLE charges
    -- The amount being captured while the charge is 'capturing'.
    ADD COLUMN capture_pending_amount bigint CHECK (capture_pending_amount > 0),
    -- Idempotency-Key of the request that created the charge, and of the capture or void in
    -- flight: recovery completes (or releases) these records once it knows the outcome.
    ADD COLUMN idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    ADD COLUMN operation_idempotency_key text CHECK (length(operation_idempotency_key) BETWEEN 1 AND 255),
    -- The daily-cap reservation (UTC day and stripe) to give back when the charge does not go
    -- through or is voided; NULL when the currency has no daily cap.
    ADD COLUMN cap_day date,
    ADD COLUMN cap_stripe smallint CHECK (cap_stripe BETWEEN 0 AND 63),
    ADD CONSTRAINT charges_capture_pending_check
        CHECK ((status = 'capturing') = (capture_pending_amount IS NOT NULL)),
    ADD CONSTRAINT charges_cap_reservation_check CHECK ((cap_day IS NULL) = (cap_stripe IS NULL)),
    ADD CONSTRAINT charges_operation_key_check
        CHECK (operation_idempotency_key IS NULL OR status IN ('capturing', 'voiding'));

-- Recovery finds captures and voids that stopped half-way.
CREATE INDEX charges_in_flight_idx ON charges (updated_at) WHERE status IN ('capturing', 'voiding');
-- No extra index for listing by token: charges_token_idx serves it, and every index on charges is
-- paid for twice per charge (the insert and the non-HOT status update).

ALTER TABLE refunds
    ADD COLUMN idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    ADD CONSTRAINT refunds_failure_check CHECK (status <> 'failed' OR failure_code IS NOT NULL),
    ADD CONSTRAINT refunds_succeeded_check CHECK (status <> 'succeeded' OR acquirer_reference IS NOT NULL);
CREATE INDEX refunds_pending_idx ON refunds (created_at) WHERE status = 'pending';
CREATE INDEX refunds_charge_list_idx ON refunds (charge_id, created_at DESC, id DESC);

-- The acquirer simulator's own books: what it authorized, captured, voided and refunded, and the
-- cardholder challenges it issued. It lives in PostgreSQL (never only in one JVM) so that any
-- gateway instance sees the same acquirer. No card data is kept: only the test-card behaviour.
CREATE TABLE acquirer_sim_ledger (
    reference           text PRIMARY KEY CHECK (length(reference) BETWEEN 1 AND 255),
    kind                text NOT NULL CHECK (kind IN ('authorization', 'refund', 'challenge')),
    acquirer_reference  text NOT NULL UNIQUE,
    -- For a refund: the authorization it refunds.
    parent_reference    text REFERENCES acquirer_sim_ledger (reference),
    behaviour           text NOT NULL,
    status              text NOT NULL CHECK (status IN ('authorized', 'captured', 'voided', 'succeeded',
                            'challenge_pending', 'authenticated', 'challenge_failed')),
    amount              bigint NOT NULL CHECK (amount >= 0),
    currency            char(3) CHECK (currency ~ '^[A-Z]{3}$'),
    captured_amount     bigint NOT NULL DEFAULT 0 CHECK (captured_amount >= 0),
    refunded_amount     bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
    failed_attempts     integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (captured_amount <= amount),
    CHECK (refunded_amount <= captured_amount),
    CHECK ((kind = 'refund') = (parent_reference IS NOT NULL))
);
