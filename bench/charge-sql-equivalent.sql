-- pgbench script: the SQL the gateway runs for one POST /v1/charges with an Idempotency-Key, in
-- the same order and transactions, without the JVM, HTTP or crypto. charge-bench.sh runs it
-- (BENCH_SQL_EQUIVALENT=1) to show how much of the gap to the baseline is the data model itself.
-- Variables: merchant, key (an API key id of the merchant), tokens (rows in tok_list).
-- Statements: auth throttle, key lookup, key touch | BEGIN, ACL, currency limits, token+card,
-- idempotency claim + pending charge, card.opened audit, END | acquirer simulator ledger (async
-- commit) | BEGIN, outcome + stored answer, charge audit, END. Not included: the audit sealer's
-- later update of each audit row.
\set t random(1, :tokens)
\set k random(1, 9000000000000000)
SELECT coalesce(sum(failures), 0) FROM auth_failures WHERE source_ip = '127.0.0.1'::inet AND window_start > now() - make_interval(mins => 5);
SELECT k.id, k.merchant_id, k.scopes, k.status, k.expires_at, m.status AS merchant_status, (a.allowed_cidrs IS NULL OR cardinality(a.allowed_cidrs) = 0 OR '127.0.0.1'::inet <<= ANY (a.allowed_cidrs)) AS network_allowed FROM api_keys k JOIN merchants m ON m.id = k.merchant_id LEFT JOIN merchant_acls a ON a.merchant_id = k.merchant_id WHERE k.secret_hash = (SELECT secret_hash FROM api_keys WHERE id = ':key');
UPDATE api_keys SET last_used_at = now() WHERE id = ':key' AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute');
BEGIN;
SELECT merchant_id, allowed_cidrs::text[] AS cidrs, merchant_initiated_allowed, updated_at FROM merchant_acls WHERE merchant_id = ':merchant';
SELECT currency, per_charge_max, daily_max FROM merchant_currency_limits WHERE merchant_id = ':merchant' ORDER BY currency;
SELECT t.id AS tid, t.card_id, t.hint, t.status, t.usage, t.used_at IS NOT NULL AS used, (t.expires_at IS NOT NULL AND t.expires_at <= now()) AS lapsed, t.max_amount, t.max_amount_currency, t.channel, c.sealed, c.brand, c.last4, c.exp_month, c.exp_year FROM tokens t JOIN cards c ON c.id = t.card_id WHERE t.lookup_hash = (SELECT hash FROM tok_list WHERE n = :t) AND t.merchant_id = ':merchant' \gset
WITH idempotency_claim AS (INSERT INTO idempotency_records (merchant_id, idempotency_key, request_hash, expires_at) VALUES (':merchant', 'eq-' || :k || '-' || :client_id, sha256(random()::text::bytea), now() + make_interval(secs => 86400)) ON CONFLICT (merchant_id, idempotency_key) DO NOTHING RETURNING 1) INSERT INTO charges (id, merchant_id, token_id, amount, currency, capture_requested, channel, description, reference, idempotency_key, cap_day, cap_stripe) SELECT 'ch_' || substr(md5(:k || '-' || :client_id), 1, 24), ':merchant', :tid, 1000, 'EUR', true, 'customer_initiated', null, 'bench', 'eq-' || :k || '-' || :client_id, null::date, null::smallint WHERE EXISTS (SELECT 1 FROM idempotency_claim) RETURNING id AS ch, idempotency_key AS ik \gset
INSERT INTO audit_events (actor_type, actor_id, action, merchant_id, subject_type, subject_id, source_ip, details) VALUES ('merchant', ':key', 'card.opened', ':merchant', 'card', 'card_x', '127.0.0.1'::inet, '{"charge":"ch_x","token_id":1,"purpose":"authorization"}'::jsonb);
END;
WITH async AS (SELECT set_config('synchronous_commit', 'off', true)) INSERT INTO acquirer_sim_ledger (reference, kind, acquirer_reference, behaviour, status, amount, currency, captured_amount) SELECT ':ch', 'authorization', 'acq_' || md5(random()::text), 'APPROVE', 'captured', 1000, 'EUR', 1000 FROM async ON CONFLICT (reference) DO NOTHING RETURNING acquirer_reference AS acq \gset
BEGIN;
WITH outcome AS (UPDATE charges SET status = 'captured', acquirer_reference = ':acq', captured_amount = amount, authorized_at = now(), captured_at = now(), updated_at = now() WHERE id = ':ch' AND status = 'pending' RETURNING *), idempotency_done AS (UPDATE idempotency_records SET status = 'completed', response_status = 201, response_type = 'application/json', response_body = repeat('x', 500)::bytea WHERE merchant_id = ':merchant' AND idempotency_key = ':ik' AND status = 'in_progress' AND EXISTS (SELECT 1 FROM outcome)) SELECT * FROM outcome;
INSERT INTO audit_events (actor_type, actor_id, action, merchant_id, subject_type, subject_id, source_ip, details) VALUES ('merchant', ':key', 'charge.captured', ':merchant', 'charge', ':ch', '127.0.0.1'::inet, '{"amount":1000,"currency":"EUR"}'::jsonb);
END;
