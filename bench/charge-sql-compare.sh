#!/usr/bin/env bash
# The SQL of a charge alone, without the JVM: bench/charge-sql-equivalent.sql (what the gateway
# runs today), bench/charge-sql-lean.sql (a proposed leaner path) and the baseline
# (/work/shared/bench/pg-charge-baseline.sh), alternated over rounds on the data charge-bench.sh set
# up, at its concurrency. A BENCH_AFTER_HOOK of bench/charge-bench.sh (the gateway sits idle meanwhile):
#
#   BENCH_AFTER_HOOK=bench/charge-sql-compare.sh bench/charge-bench.sh 16 10
#
# Env: COMPARE_SECS (default 15) per run, COMPARE_ROUNDS (default 2), COMPARE_FILES (the scripts of
# bench/ to compare, default "charge-sql-equivalent charge-sql-lean"), COMPARE_DDL (SQL run on the
# bench database before the rounds, e.g. dropping an index to see what it costs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
baseline=${BASELINE:-$here/../../shared/bench/pg-charge-baseline.sh}
secs=${COMPARE_SECS:-15}
rounds=${COMPARE_ROUNDS:-2}
clients=${BENCH_CLIENTS:-16}
key_id=$(psql -At -d "$BENCH_DB" -c "SELECT id FROM api_keys WHERE merchant_id = '$BENCH_MERCHANT' LIMIT 1")
. "$here/lib.sh"
n=$(bench_tok_list "$BENCH_DB" "$BENCH_MERCHANT")
if [ -n "${COMPARE_DDL:-}" ]; then psql -q -d "$BENCH_DB" -c "$COMPARE_DDL"; echo "SQL setup: $COMPARE_DDL"; fi
tps() { sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -1; }
for round in $(seq 1 "$rounds"); do
  for f in ${COMPARE_FILES:-charge-sql-equivalent charge-sql-lean}; do
    t=$(PGDATABASE=$BENCH_DB pgbench -n -M prepared -c "$clients" -j 2 -T "$secs" -D merchant="$BENCH_MERCHANT" -D key="$key_id" \
      -D tokens="$n" -f "$here/$f.sql" 2>&1 | tps)
    echo "SQL round $round: $f ${t:-FAILED} tps (load $(cut -d' ' -f1 /proc/loadavg))"
  done
  b=$(PGDATABASE=$BENCH_DB "$baseline" "$clients" "$secs" | tps)
  echo "SQL round $round: baseline $b tps (load $(cut -d' ' -f1 /proc/loadavg))"
done
psql -q -d "$BENCH_DB" -c "DROP TABLE tok_list"
