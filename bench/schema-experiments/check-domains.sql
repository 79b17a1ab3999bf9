-- Experiment for bench/schema-ab.sh (not a migration): the single-column CHECKs of charges as domains,
-- whose checks PostgreSQL keeps parsed per connection and runs only for the columns a statement
-- assigns. Measured 2026-11-27: no gain beyond the noise (docs/benchmarks.md, stop 11).
CREATE DOMAIN positive_amount AS bigint CHECK (VALUE > 0);
CREATE DOMAIN non_negative_amount AS bigint CHECK (VALUE >= 0);
CREATE DOMAIN currency_code AS char(3) CHECK (VALUE ~ '^[A-Z]{3}$');
CREATE DOMAIN charge_status AS text CHECK (VALUE IN ('pending', 'authorized', 'capturing', 'voiding', 'captured', 'voided', 'declined', 'failed'));
CREATE DOMAIN charge_channel AS text CHECK (VALUE IN ('customer_initiated', 'merchant_initiated'));
CREATE DOMAIN idempotency_key AS text CHECK (length(VALUE) BETWEEN 1 AND 255);
CREATE DOMAIN cap_stripe AS smallint CHECK (VALUE BETWEEN 0 AND 63);
CREATE DOMAIN sha256_digest AS bytea CHECK (octet_length(VALUE) = 32);
CREATE DOMAIN idempotency_status AS text CHECK (VALUE IN ('in_progress', 'completed'));
CREATE DOMAIN http_status AS integer CHECK (VALUE BETWEEN 100 AND 599);
CREATE DOMAIN actor_type AS text CHECK (VALUE IN ('ops', 'merchant', 'system', 'shopper'));
CREATE DOMAIN audit_action AS text CHECK (VALUE ~ '^[a-z_]+(\.[a-z_]+)+$');
CREATE DOMAIN ledger_reference AS text CHECK (length(VALUE) BETWEEN 1 AND 255);
CREATE DOMAIN ledger_kind AS text CHECK (VALUE IN ('authorization', 'refund', 'challenge'));
CREATE DOMAIN ledger_status AS text CHECK (VALUE IN ('authorized', 'captured', 'voided', 'succeeded', 'challenge_pending', 'authenticated', 'challenge_failed'));
CREATE DOMAIN non_negative_count AS integer CHECK (VALUE >= 0);
CREATE DOMAIN short_text_200 AS text CHECK (length(VALUE) <= 200);
CREATE DOMAIN short_text_500 AS text CHECK (length(VALUE) <= 500);

ALTER TABLE charges
  DROP CONSTRAINT charges_id_check, DROP CONSTRAINT charges_amount_check, DROP CONSTRAINT charges_currency_check,
  DROP CONSTRAINT charges_status_check, DROP CONSTRAINT charges_captured_amount_check, DROP CONSTRAINT charges_refunded_amount_check,
  DROP CONSTRAINT charges_channel_check, DROP CONSTRAINT charges_description_check, DROP CONSTRAINT charges_reference_check,
  DROP CONSTRAINT charges_capture_pending_amount_check, DROP CONSTRAINT charges_idempotency_key_check,
  DROP CONSTRAINT charges_operation_idempotency_key_check, DROP CONSTRAINT charges_cap_stripe_check;
ALTER TABLE charges
  ALTER COLUMN amount TYPE positive_amount, ALTER COLUMN currency TYPE currency_code,
  ALTER COLUMN status TYPE charge_status, ALTER COLUMN captured_amount TYPE non_negative_amount,
  ALTER COLUMN refunded_amount TYPE non_negative_amount, ALTER COLUMN channel TYPE charge_channel,
  ALTER COLUMN description TYPE short_text_500, ALTER COLUMN reference TYPE short_text_200,
  ALTER COLUMN capture_pending_amount TYPE positive_amount, ALTER COLUMN idempotency_key TYPE idempotency_key,
  ALTER COLUMN operation_idempotency_key TYPE idempotency_key, ALTER COLUMN cap_stripe TYPE cap_stripe;
