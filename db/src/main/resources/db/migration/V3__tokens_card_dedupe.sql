-- A merchant's card is vaulted once: saving the same card number again (same fingerprint) reuses
-- the active row instead of adding a second ciphertext of it. The unique index holds that rule
-- under concurrent saves (INSERT ... ON CONFLICT DO NOTHING, then read the winner); it replaces the
-- plain lookup index on the same columns. Shredded rows keep their fingerprint but leave the rule,
-- so a card saved again after shredding gets a fresh row and a fresh data key.
DROP INDEX cards_merchant_fingerprint_idx;
CREATE UNIQUE INDEX cards_merchant_fingerprint_active_uq ON cards (merchant_id, fingerprint) WHERE status = 'active';
