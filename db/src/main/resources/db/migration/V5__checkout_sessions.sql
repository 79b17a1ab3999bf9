-- Hosted checkout: the states a session moves through, what the page may show of the card, and
-- the per-address attempt counter that blunts card testing across sessions. Every instance reads
-- and writes the same rows, so any instance serves any step of a checkout.

-- 'authorizing': payment mode, token issued, the charge is with the acquirer. A session moves on
-- only by conditional UPDATEs (WHERE status = <expected>), so each step happens at most once.
ALTER TABLE checkout_sessions DROP CONSTRAINT checkout_sessions_status_check;
ALTER TABLE checkout_sessions ADD CONSTRAINT checkout_sessions_status_check CHECK (status IN
    ('open', 'challenge', 'authorizing', 'succeeded', 'completed', 'cancelled', 'expired', 'failed'));

ALTER TABLE checkout_sessions
    -- What the shopper and the merchant may see of the card: never the number, never the CVC.
    ADD COLUMN card_brand      text CHECK (card_brand IN ('visa', 'mastercard', 'amex', 'discover',
                                   'jcb', 'diners', 'unionpay', 'unknown')),
    ADD COLUMN card_last4      char(4) CHECK (card_last4 ~ '^[0-9]{4}$'),
    ADD COLUMN card_exp_month  smallint CHECK (card_exp_month BETWEEN 1 AND 12),
    ADD COLUMN card_exp_year   smallint CHECK (card_exp_year BETWEEN 2000 AND 2199),
    -- The acquirer's id of the pending cardholder challenge (status 'challenge').
    ADD COLUMN challenge_id    text CHECK (length(challenge_id) <= 100),
    -- Why the session failed, or why the last attempt was refused (a stable code, never card data).
    ADD COLUMN last_error      text CHECK (length(last_error) <= 64),
    -- Payment mode: capture in the same step as the authorization (the default), or authorize only.
    ADD COLUMN capture         boolean NOT NULL DEFAULT true,
    -- How many charge authorizations were tried (payment mode); keys each one's idempotency.
    ADD COLUMN charge_attempts integer NOT NULL DEFAULT 0 CHECK (charge_attempts >= 0),
    ADD COLUMN completed_at    timestamptz,
    ADD CONSTRAINT checkout_sessions_challenge_card_ck CHECK (status <> 'challenge' OR (card_id IS NOT NULL AND challenge_id IS NOT NULL)),
    ADD CONSTRAINT checkout_sessions_authorizing_token_ck CHECK (status <> 'authorizing' OR token_id IS NOT NULL),
    ADD CONSTRAINT checkout_sessions_completed_ck CHECK ((status = 'completed') = (completed_at IS NOT NULL));

-- The expiry sweep looks only at sessions a shopper could still act on.
CREATE INDEX checkout_sessions_live_expiry_idx ON checkout_sessions (expires_at)
    WHERE status IN ('open', 'challenge');

-- Card submissions and passcode tries per client address and minute, summed over a window.
CREATE TABLE checkout_client_attempts (
    source_ip       inet NOT NULL,
    window_start    timestamptz NOT NULL,
    attempts        integer NOT NULL CHECK (attempts > 0),
    PRIMARY KEY (source_ip, window_start)
);
CREATE INDEX checkout_client_attempts_window_idx ON checkout_client_attempts (window_start);
