-- Experiment for bench/schema-ab.sh (not a migration): three of the five foreign-key checks of a
-- charge gone (charges reference tokens by (merchant_id, id), audit_events and idempotency_records
-- no longer reference merchants). Measured 2026-11-27: no gain beyond the noise (docs/benchmarks.md).
CREATE UNIQUE INDEX tokens_merchant_uidx ON tokens (merchant_id, id DESC);
DROP INDEX tokens_merchant_idx;
ALTER TABLE charges DROP CONSTRAINT charges_merchant_id_fkey, DROP CONSTRAINT charges_token_id_fkey,
  ADD CONSTRAINT charges_token_fkey FOREIGN KEY (merchant_id, token_id) REFERENCES tokens (merchant_id, id);
ALTER TABLE audit_events DROP CONSTRAINT audit_events_merchant_id_fkey;
ALTER TABLE idempotency_records DROP CONSTRAINT idempotency_records_merchant_id_fkey;
