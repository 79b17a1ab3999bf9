#!/usr/bin/env bash
# Charge authorization benchmark: POST /v1/charges over HTTP against a real gateway jar
# (-Xmx512m, simulator delay 0) and, in the same run against the same PostgreSQL, the
# least-database-work baseline /work/shared/bench/pg-charge-baseline.sh. Prints both rates,
# their ratio and the gateway's latency percentiles. Not part of `mvn verify`.
#
# Usage: bench/charge-bench.sh [clients=16] [seconds=20]
# Warm-up: BENCH_WARMUP seconds (default 30), then 15 s rounds until the JIT compilers take at most
# BENCH_JIT_SETTLED per cent of the gateway's CPU (default 3; at most BENCH_WARMUP_MAX more seconds,
# default 300; BENCH_WARMUP_MAX=0 for the fixed warm-up alone): the measured window is the gateway
# in steady state, not the gateway compiling itself.
# BENCH_SQL_EQUIVALENT=1 also runs bench/charge-sql-equivalent.sql: the gateway's own statements
# for one charge through pgbench, without the JVM (how far the data model alone gets).
# Needs: wrk, pgbench/psql, a JDK (JAVA_HOME or java on PATH), PostgreSQL reachable with
# PGHOST/PGPORT/PGUSER/PGPASSWORD (defaults 127.0.0.1/5432/tokengate/tokengate). It creates and
# drops its own database (BENCH_DB, default tokengate_bench). The gateway jar is built if missing
# (JAR overrides its path). Gateway, ops and wrk helpers come from bench/lib.sh, shared with bench/suite.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
repo=$bench_repo
clients=${1:-16}
secs=${2:-20}
warmup=${BENCH_WARMUP:-30}
tokens_n=${BENCH_TOKENS_N:-200}
port=${BENCH_PORT:-18080}
heap=${BENCH_HEAP:-512m}
baseline=${BASELINE:-$repo/../shared/bench/pg-charge-baseline.sh}
db=${BENCH_DB:-tokengate_bench}
work=$(mktemp -d /tmp/charge-bench.XXXXXX)
jar=$(bench_jar)

cleanup() {
  bench_stop_gateway
  bench_drop_db "$db"
  rm -rf "$work"
}
trap cleanup EXIT

bench_fresh_db "$db"
bench_start_gateway "$jar" "$db" "$port" "$heap" "$work"
base=$BENCH_BASE
merchant=$(bench_create_merchant "Bench shop")
export BENCH_SECRET=$(bench_issue_key "$merchant" '"charges:write","charges:read"')
export BENCH_TOKENS="$work/tokens.txt"
bench_pans "$tokens_n" >"$work/pans.txt"
bench_import_cards "$merchant" "$work/pans.txt" >"$BENCH_TOKENS"
echo "merchant $merchant with $(wc -l <"$BENCH_TOKENS") tokens"
# Optional hooks, e.g. bench/rotation-charge-bench.sh: BENCH_SETUP_HOOK runs before the warm-up,
# BENCH_MEASURE_HOOK right before the measured run, BENCH_AFTER_HOOK right after it.
export BENCH_BASE BENCH_DB="$db" BENCH_JAR="$jar" BENCH_WORK="$work" BENCH_MERCHANT="$merchant" \
  BENCH_OPS_USER BENCH_OPS_PASSWORD BENCH_KEYSTORE BENCH_KEYSTORE_PASSWORD
if [ -n "${BENCH_SETUP_HOOK:-}" ]; then bash -c "$BENCH_SETUP_HOOK"; fi

echo "warm-up ${warmup}s"
bench_wrk "$clients" "$warmup" "$here/charge-bench.lua" >/dev/null
bench_warm_until_compiled "$clients" "$here/charge-bench.lua"
if [ -n "${BENCH_MEASURE_HOOK:-}" ]; then bash -c "$BENCH_MEASURE_HOOK"; fi
echo "measuring POST /v1/charges: $clients clients, ${secs}s"
bench_cpu_snapshot "$work/cpu-before.json" "$BENCH_GATEWAY_PID"
bench_wrk "$clients" "$secs" "$here/charge-bench.lua" --latency | tee "$work/wrk.txt"
bench_cpu_snapshot "$work/cpu-after.json" "$BENCH_GATEWAY_PID"
if [ -n "${BENCH_AFTER_HOOK:-}" ]; then bash -c "$BENCH_AFTER_HOOK"; fi
gw_line=$(grep '^BENCH ' "$work/wrk.txt")
gw_rps=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$gw_line")
gw_errors=$(sed -E 's/.* errors=([0-9]+).*/\1/' <<<"$gw_line")
captured=$(psql -At -d "$db" -c "SELECT count(*) FILTER (WHERE status = 'captured') || '/' || count(*) FROM charges")

bench_stop_gateway
sql_tps=
if [ "${BENCH_SQL_EQUIVALENT:-0}" = 1 ]; then
  key_id=$(psql -At -d "$db" -c "SELECT id FROM api_keys WHERE merchant_id = '$merchant' LIMIT 1")
  bench_tok_list "$db" "$merchant" >/dev/null
  echo "the gateway's SQL alone: pgbench $here/charge-sql-equivalent.sql, $clients clients, ${secs}s"
  sql_tps=$(PGDATABASE=$db pgbench -n -M prepared -c "$clients" -j 2 -T "$secs" -D merchant="$merchant" -D key="$key_id" \
    -D tokens="$tokens_n" -f "$here/charge-sql-equivalent.sql" 2>&1 | sed -nE 's/^tps = ([0-9.]+).*/\1/p')
fi
echo "baseline: $baseline $clients $secs (PGDATABASE=$db)"
bench_cpu_snapshot "$work/cpu-base-before.json"
base_out=$(PGDATABASE=$db "$baseline" "$clients" "$secs")
bench_cpu_snapshot "$work/cpu-base-after.json"
echo "$base_out"
base_tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$base_out" | head -1)
# CPU per operation of the processes doing the work (other processes on the machine are not
# counted). The baseline script's own table setup and teardown fall inside its snapshots, so its
# CPU per transaction is slightly overstated (a few per cent at 20 s), never understated.
gw_requests=$(bench_kv "$gw_line" requests)
cpu_gw() { bench_cpu_per_op "$work/cpu-before.json" "$work/cpu-after.json" "$gw_requests" "$1"; }
gw_cpu=$(cpu_gw gateway,postgres,clients)
gw_cpu_jvm=$(cpu_gw gateway)
gw_cpu_pg=$(cpu_gw postgres)
gw_cpu_wrk=$(cpu_gw clients)
base_txns=$(python3 -c "print(int($base_tps * $secs))")
base_cpu=$(bench_cpu_per_op "$work/cpu-base-before.json" "$work/cpu-base-after.json" "$base_txns" postgres,clients)
base_cpu_pg=$(bench_cpu_per_op "$work/cpu-base-before.json" "$work/cpu-base-after.json" "$base_txns" postgres)

echo
echo "== Charge authorization (HTTP) =="
bench_machine
echo "gateway:        -Xmx$heap, $clients clients, ${secs}s after $((warmup + BENCH_WARMED_S))s warm-up${BENCH_JIT_SHARE:+ (JIT compilers at $BENCH_JIT_SHARE % of its CPU)}, simulator delay 0"
echo "gateway rate:   $gw_rps charges/s (non-2xx or socket errors: $gw_errors; charges captured/total: $captured)"
echo "gateway p50/p99: $(sed -E 's/.* p50_ms=([0-9.]+) .* p99_ms=([0-9.]+) .*/\1 ms \/ \2 ms/' <<<"$gw_line")"
echo "baseline rate:  $base_tps tps"
python3 -c "print('ratio:          %.2f of baseline' % ($gw_rps / $base_tps))"
echo "CPU per charge: $gw_cpu ms (gateway JVM $gw_cpu_jvm, PostgreSQL $gw_cpu_pg, wrk $gw_cpu_wrk)"
echo "CPU per baseline transaction: $base_cpu ms (PostgreSQL $base_cpu_pg, pgbench and psql the rest)"
python3 -c "print('CPU ratio:      %.2f (baseline CPU per transaction / gateway CPU per charge)' % ($base_cpu / $gw_cpu))"
if [ -n "$sql_tps" ]; then
  python3 -c "print('gateway SQL alone (no JVM): %.1f tps = %.2f of baseline' % ($sql_tps, $sql_tps / $base_tps))"
fi
