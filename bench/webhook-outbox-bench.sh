#!/usr/bin/env bash
# Cost of the webhook outbox statement on the charge hot path (gateway-service WebhookOutbox.RECORD),
# for a merchant with no subscribed endpoint: the statement every charge outcome runs. pgbench, one
# client, prepared statements, against a scratch database holding the real migrations, 2,000
# merchants and 200 endpoints; compared with `SELECT 1`, the bare round trip. Not part of `mvn verify`.
#
# Usage: bench/webhook-outbox-bench.sh [seconds=10]
# Needs pgbench/psql and PostgreSQL reachable with PGHOST/PGPORT/PGUSER/PGPASSWORD (defaults
# 127.0.0.1/5432/tokengate/tokengate). Creates and drops its own database (BENCH_DB, default
# tokengate_outbox_bench).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
migrations=$(cd "$here/../db/src/main/resources/db/migration" && pwd)
secs=${1:-10}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-tokengate} PGPASSWORD=${PGPASSWORD:-tokengate}
db=${BENCH_DB:-tokengate_outbox_bench}
work=$(mktemp -d /tmp/outbox-bench.XXXXXX)
cleanup() {
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
psql -q -d postgres -c "CREATE DATABASE $db" >/dev/null
for f in $(ls "$migrations"/V*__*.sql | sort -V); do
  psql -q -v ON_ERROR_STOP=1 -d "$db" -f "$f" >/dev/null
done
psql -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null 2>&1 <<'SQL'
INSERT INTO merchants (id, name) SELECT 'mer_' || lpad(g::text, 20, '0'), 'm' || g FROM generate_series(1, 2000) g;
INSERT INTO webhook_endpoints (id, merchant_id, url, events, secret_sealed)
SELECT 'we_' || lpad(g::text, 20, '0'), 'mer_' || lpad(g::text, 20, '0'), 'https://shop.example/hooks',
       ARRAY['*'], decode(repeat('02000000010000', 10), 'hex')
FROM generate_series(1, 200) g;
ANALYZE merchants;
ANALYZE webhook_endpoints;
SQL

# Merchants 201..2000 have no endpoint: the common case, where nothing is written.
cat >"$work/outbox.sql" <<'SQL'
\set m random(201, 2000)
WITH subscribed AS (
    SELECT id FROM webhook_endpoints
    WHERE merchant_id = 'mer_' || lpad(:m::text, 20, '0') AND enabled
      AND ('charge.succeeded' = ANY (events) OR '*' = ANY (events))
), event AS (
    INSERT INTO webhook_events (id, merchant_id, type, payload)
    SELECT 'evt_' || lpad(:m::text, 20, '0'), 'mer_' || lpad(:m::text, 20, '0'), 'charge.succeeded',
           CAST('{"object":"charge","id":"ch_x","amount":1050,"currency":"EUR","status":"captured"}' AS jsonb)
    WHERE EXISTS (SELECT 1 FROM subscribed)
    RETURNING id
)
INSERT INTO webhook_deliveries (event_id, endpoint_id)
SELECT event.id, subscribed.id FROM event CROSS JOIN subscribed;
SQL
echo 'SELECT 1;' >"$work/select1.sql"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for script in select1 outbox select1 outbox; do
  result=$(pgbench -n -M prepared -c 1 -T "$secs" -f "$work/$script.sql" "$db" 2>/dev/null)
  printf '%-8s %s, %s\n' "$script" "$(grep -o 'latency average = [0-9.]* ms' <<<"$result")" \
    "$(grep -o 'tps = [0-9.]*' <<<"$result")"
done
echo "events written: $(psql -Atq -d "$db" -c 'SELECT count(*) FROM webhook_events')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
