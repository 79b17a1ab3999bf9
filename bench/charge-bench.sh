#!/usr/bin/env bash
# Charge authorization benchmark: POST /v1/charges over HTTP against a real gateway jar
# (-Xmx512m, simulator delay 0) and, in the same run against the same PostgreSQL, the
# least-database-work baseline /work/shared/bench/pg-charge-baseline.sh. Prints both rates,
# their ratio and the gateway's latency percentiles. Not part of `mvn verify`.
#
# Usage: bench/charge-bench.sh [clients=16] [seconds=20]
# BENCH_SQL_EQUIVALENT=1 also runs bench/charge-sql-equivalent.sql: the gateway's own statements
# for one charge through pgbench, without the JVM (how far the data model alone gets).
# Needs: wrk, pgbench/psql, a JDK (JAVA_HOME or java on PATH), PostgreSQL reachable with
# PGHOST/PGPORT/PGUSER/PGPASSWORD (defaults 127.0.0.1/5432/tokengate/tokengate). It creates and
# drops its own database (BENCH_DB, default tokengate_bench). The gateway jar is built if missing
# (JAR overrides its path).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
clients=${1:-16}
secs=${2:-20}
warmup=${BENCH_WARMUP:-30}
tokens_n=${BENCH_TOKENS_N:-200}
port=${BENCH_PORT:-18080}
heap=${BENCH_HEAP:-512m}
baseline=${BASELINE:-$repo/../shared/bench/pg-charge-baseline.sh}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-tokengate} PGPASSWORD=${PGPASSWORD:-tokengate}
db=${BENCH_DB:-tokengate_bench}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d /tmp/charge-bench.XXXXXX)
admin_password="bench-admin-$RANDOM$RANDOM"
base="http://127.0.0.1:$port"

jar=${JAR:-$(ls "$repo"/gateway-service/target/tokengate-gateway-service-*.jar 2>/dev/null | grep -v -e plain -e -lib | head -1 || true)}
if [ -z "$jar" ]; then
  (cd "$repo" && mvn -B -q -ntp -pl gateway-service -am package -DskipTests)
  jar=$(ls "$repo"/gateway-service/target/tokengate-gateway-service-*.jar | grep -v -e plain -e -lib | head -1)
fi

gateway_pid=
cleanup() {
  if [ -n "$gateway_pid" ]; then kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; fi
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
psql -q -d postgres -c "CREATE DATABASE $db" >/dev/null

echo "starting gateway ($jar, -Xmx$heap) on port $port"
TOKENGATE_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" TOKENGATE_DB_USER="$PGUSER" TOKENGATE_DB_PASSWORD="$PGPASSWORD" \
TOKENGATE_KEYSTORE_PATH="$work/keys.bcfks" TOKENGATE_KEYSTORE_PASSWORD="bench-keystore-password" PORT=$port \
  "$java" -Xmx"$heap" -jar "$jar" \
    --tokengate.ops.bootstrap-admin.username=bench --tokengate.ops.bootstrap-admin.password="$admin_password" \
    --tokengate.acquirer.simulator.delay=0s --logging.level.root=WARN >"$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 120); do
  curl -fs "$base/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/gateway.log"; exit 1; }
  sleep 1
done
curl -fs "$base/actuator/health" >/dev/null

ops() { curl -fsS -u "bench:$admin_password" -H 'Content-Type: application/json' "$@"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
merchant=$(ops -X POST "$base/ops/merchants" -d '{"name":"Bench shop","return_origins":["https://shop.example"]}' | field id)
ops -X PUT "$base/ops/merchants/$merchant/acl" \
  -d '{"allowed_cidrs":[],"merchant_initiated_allowed":true,"currencies":[{"currency":"EUR"}]}' >/dev/null
export BENCH_SECRET=$(ops -X POST "$base/ops/merchants/$merchant/keys" -d '{"scopes":["charges:write","charges:read"]}' | field secret)
export BENCH_TOKENS="$work/tokens.txt"
# Distinct Visa numbers (valid Luhn) so the tokens sit on distinct vaulted cards, like the baseline's.
python3 - "$tokens_n" >"$work/pans.txt" <<'PY'
import sys
def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)
for n in range(int(sys.argv[1])):
    body = "4" + "24242" + f"{n:09d}"
    print(body + luhn_digit(body))
PY
while read -r pan; do
  ops -X POST "$base/ops/merchants/$merchant/cards" \
    -d "{\"number\":\"$pan\",\"exp_month\":12,\"exp_year\":2034,\"cardholder_name\":\"Bench\"}" | field token
done <"$work/pans.txt" >"$BENCH_TOKENS"
echo "merchant $merchant with $(wc -l <"$BENCH_TOKENS") tokens"
# Optional hooks, e.g. bench/rotation-charge-bench.sh: BENCH_SETUP_HOOK runs before the warm-up,
# BENCH_MEASURE_HOOK right before the measured run, BENCH_AFTER_HOOK right after it.
export BENCH_BASE="$base" BENCH_DB="$db" BENCH_JAR="$jar" BENCH_WORK="$work" BENCH_MERCHANT="$merchant" \
  BENCH_OPS_USER=bench BENCH_OPS_PASSWORD="$admin_password" BENCH_KEYSTORE="$work/keys.bcfks" \
  BENCH_KEYSTORE_PASSWORD="bench-keystore-password"
if [ -n "${BENCH_SETUP_HOOK:-}" ]; then bash -c "$BENCH_SETUP_HOOK"; fi

echo "warm-up ${warmup}s"
wrk -t2 -c"$clients" -d"${warmup}s" -s "$here/charge-bench.lua" "$base" >/dev/null
if [ -n "${BENCH_MEASURE_HOOK:-}" ]; then bash -c "$BENCH_MEASURE_HOOK"; fi
echo "measuring POST /v1/charges: $clients clients, ${secs}s"
wrk -t2 -c"$clients" -d"${secs}s" --latency -s "$here/charge-bench.lua" "$base" | tee "$work/wrk.txt"
if [ -n "${BENCH_AFTER_HOOK:-}" ]; then bash -c "$BENCH_AFTER_HOOK"; fi
gw_line=$(grep '^BENCH ' "$work/wrk.txt")
gw_rps=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$gw_line")
gw_errors=$(sed -E 's/.* errors=([0-9]+).*/\1/' <<<"$gw_line")
captured=$(psql -At -d "$db" -c "SELECT count(*) FILTER (WHERE status = 'captured') || '/' || count(*) FROM charges")

kill "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true; gateway_pid=
sql_tps=
if [ "${BENCH_SQL_EQUIVALENT:-0}" = 1 ]; then
  key_id=$(psql -At -d "$db" -c "SELECT id FROM api_keys WHERE merchant_id = '$merchant' LIMIT 1")
  psql -q -d "$db" -c "CREATE TABLE tok_list AS SELECT row_number() OVER (ORDER BY id) AS n, lookup_hash AS hash
                       FROM tokens WHERE merchant_id = '$merchant'; CREATE UNIQUE INDEX ON tok_list (n); ANALYZE"
  echo "the gateway's SQL alone: pgbench $here/charge-sql-equivalent.sql, $clients clients, ${secs}s"
  sql_tps=$(PGDATABASE=$db pgbench -n -c "$clients" -j 2 -T "$secs" -D merchant="$merchant" -D key="$key_id" \
    -D tokens="$tokens_n" -f "$here/charge-sql-equivalent.sql" 2>&1 | sed -nE 's/^tps = ([0-9.]+).*/\1/p')
fi
echo "baseline: $baseline $clients $secs (PGDATABASE=$db)"
base_out=$(PGDATABASE=$db "$baseline" "$clients" "$secs")
echo "$base_out"
base_tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$base_out" | head -1)

echo
echo "== Charge authorization (HTTP) =="
echo "machine:        $(nproc) CPU, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "postgres:       $(psql -At -d postgres -c 'SHOW server_version'), synchronous_commit=$(psql -At -d postgres -c 'SHOW synchronous_commit')"
echo "gateway:        -Xmx$heap, $clients clients, ${secs}s after ${warmup}s warm-up, simulator delay 0"
echo "gateway rate:   $gw_rps charges/s (non-2xx or socket errors: $gw_errors; charges captured/total: $captured)"
echo "gateway p50/p99: $(sed -E 's/.* p50_ms=([0-9.]+) .* p99_ms=([0-9.]+) .*/\1 ms \/ \2 ms/' <<<"$gw_line")"
echo "baseline rate:  $base_tps tps"
python3 -c "print('ratio:          %.2f of baseline' % ($gw_rps / $base_tps))"
if [ -n "$sql_tps" ]; then
  python3 -c "print('gateway SQL alone (no JVM): %.1f tps = %.2f of baseline' % ($sql_tps, $sql_tps / $base_tps))"
fi
