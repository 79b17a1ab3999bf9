#!/usr/bin/env python3
"""The SQL of B charges with and without group commit, as one pgbench script on stdout, built from
bench/charge-sql-equivalent.sql (the gateway's statements for one charge before group commit).

Usage: charge-sql-batch.py B MODE, MODE one of
  single    each charge's phase one and phase two in transactions of their own (the ledger rows of
            the B charges in one insert, as the simulator has group-committed them since stop 10);
  outcomes  phase one per charge, the B outcomes in one statement and one commit (ApprovalBatch);
  both      the B pending charges in one statement and commit too (AdmissionBatch), after each
            charge's key lookup and token read outside a transaction.
The ACL read is left out (the gateway uses the version its key lookup saw). Run by
bench/charge-sql-batch-ab.sh, which divides the clients by B so as many charges are in flight."""
import os
import sys
B = int(sys.argv[1]); mode = sys.argv[2]
if mode not in ('single', 'outcomes', 'both'):
    sys.exit('MODE must be single, outcomes or both')
src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'charge-sql-equivalent.sql')).read().splitlines()
stmts = [l for l in src if l and not l.startswith('--')]
keylookup, _, _, tok, claim, _, _, _, outcome, _ = stmts[2:12]
out = []
for i in range(1, B+1):
    out.append(f"\\set t{i} random(1, :tokens)")
    out.append(f"\\set k{i} random(1, 9000000000000000)")
if mode != 'both':
  for i in range(1, B+1):
    out.append(keylookup)
    out.append("BEGIN;")
    out.append(tok.replace(":t::bigint", f":t{i}::bigint").replace("\\gset", f"\\gset p{i}_"))
    out.append(claim.replace(":tid::bigint", f":p{i}_tid::bigint").replace(":k::text", f":k{i}::text")
               .replace("\\gset", f"\\gset c{i}_"))
    out.append("END;")
else:
  for i in range(1, B+1):
    out.append(keylookup)
    out.append(tok.replace(":t::bigint", f":t{i}::bigint").replace("\\gset", f"\\gset p{i}_"))
  tids = ", ".join(f":p{i}_tid::bigint" for i in range(1, B+1))
  ks = ", ".join(f"'eq-' || :k{i}::text || '-' || :client_id::text" for i in range(1, B+1))
  out.append("WITH input AS (SELECT * FROM unnest(ARRAY[" + tids + "], ARRAY[" + ks + "]) WITH ORDINALITY AS u(tid, ik, n)), "
    "idempotency_claim AS (INSERT INTO idempotency_records (merchant_id, idempotency_key, request_hash, expires_at) SELECT :merchant::text, u.ik, sha256(random()::text::bytea), now() + make_interval(secs => 86400) FROM input u ON CONFLICT (merchant_id, idempotency_key) DO NOTHING RETURNING idempotency_key), "
    "claimed AS (INSERT INTO charges (id, merchant_id, token_id, amount, currency, capture_requested, channel, description, reference, idempotency_key, cap_day, cap_stripe) SELECT 'ch_' || substr(md5(u.ik), 1, 24), :merchant::text, u.tid, 1000, 'EUR', true, 'customer_initiated', null, 'bench', u.ik, null::date, null::smallint FROM input u JOIN idempotency_claim c ON c.idempotency_key = u.ik RETURNING id, idempotency_key), "
    "audit AS (INSERT INTO audit_events (actor_type, actor_id, action, merchant_id, subject_type, subject_id, source_ip, details) SELECT 'merchant', :key::text, 'card.opened', :merchant::text, 'card', 'card_x', '127.0.0.1'::inet, '{\"charge\":\"ch_x\",\"token_id\":1,\"purpose\":\"authorization\"}'::jsonb FROM claimed) "
    "SELECT " + ", ".join(f"(SELECT id FROM claimed WHERE idempotency_key = 'eq-' || :k{i}::text || '-' || :client_id::text) AS c{i}_ch, ('eq-' || :k{i}::text || '-' || :client_id::text) AS c{i}_ik" for i in range(1, B+1)) + " \\gset")
# ledger: one multi-row insert
vals = ", ".join(f"(:c{i}_ch::text, 'authorization', 'acq_' || md5(random()::text), 'APPROVE', 'captured', 1000, 'EUR', 1000)" for i in range(1, B+1))
out.append("WITH async AS (SELECT set_config('synchronous_commit', 'off', true)) INSERT INTO acquirer_sim_ledger (reference, kind, acquirer_reference, behaviour, status, amount, currency, captured_amount) SELECT v.* FROM (VALUES " + vals + ") v, async ON CONFLICT (reference) DO NOTHING;")
if mode == 'single':
    for i in range(1, B+1):
        out.append("BEGIN;")
        out.append(outcome.replace(":ch::text", f":c{i}_ch::text").replace(":ik::text", f":c{i}_ik::text")
                   .replace(":acq::text", "'acq_x'"))
        out.append("END;")
else:
    ids = ", ".join(f":c{i}_ch::text" for i in range(1, B+1))
    iks = ", ".join(f":c{i}_ik::text" for i in range(1, B+1))
    out.append("BEGIN;")
    out.append(
        "WITH input AS (SELECT * FROM unnest(ARRAY[" + ids + "], ARRAY[" + iks + "], ARRAY[" + ",".join(["'acq_x'"]*B) + "]::text[]) AS u(id, ik, acq)), "
        "outcome AS (UPDATE charges c SET status = 'captured', acquirer_reference = u.acq, captured_amount = c.amount, authorized_at = now(), captured_at = now(), updated_at = now() FROM input u WHERE c.id = u.id AND c.status = 'pending' RETURNING c.*), "
        "idempotency_done AS (UPDATE idempotency_records r SET status = 'completed', response_status = 201, response_type = 'application/json', response_body = repeat('x', 500)::bytea FROM outcome o WHERE r.merchant_id = o.merchant_id AND r.idempotency_key = o.idempotency_key AND r.status = 'in_progress'), "
        "attached1_audit AS (INSERT INTO audit_events (actor_type, actor_id, action, merchant_id, subject_type, subject_id, source_ip, details) SELECT 'merchant', :key::text, 'charge.captured', o.merchant_id, 'charge', o.id, '127.0.0.1'::inet, '{\"amount\":1000,\"currency\":\"EUR\"}'::jsonb FROM outcome o), "
        "attached2_subscribed AS (SELECT id FROM webhook_endpoints WHERE merchant_id = :merchant::text AND enabled AND ('charge.succeeded' = ANY (events) OR '*' = ANY (events)) AND EXISTS (SELECT 1 FROM outcome)), "
        "attached2_event AS (INSERT INTO webhook_events (id, merchant_id, type, payload) SELECT 'evt_' || o.id, o.merchant_id, 'charge.succeeded', '{}'::jsonb FROM outcome o WHERE EXISTS (SELECT 1 FROM attached2_subscribed) RETURNING id), "
        "attached2_deliveries AS (INSERT INTO webhook_deliveries (event_id, endpoint_id) SELECT e.id, s.id FROM attached2_event e CROSS JOIN attached2_subscribed s) SELECT id FROM outcome;")
    out.append("END;")
print("\n".join(out))
