#!/usr/bin/env bash
# Group commit measured on the SQL of a charge alone: restores one dump of the charge bench's
# database and alternates pgbench runs of bench/charge-sql-batch.py's scripts over it (B charges per
# pgbench transaction, clients divided by B so the same number of charges is in flight), printing
# charges/s and PostgreSQL's CPU per charge (the backends' CPU, from the postmaster's reaped children).
#
#   BENCH_WARMUP=5 BENCH_WARMUP_MAX=0 BENCH_AFTER_HOOK='pg_dump -Fc -d $BENCH_DB -f /tmp/bench.dump' \
#     bench/charge-bench.sh 16 5
#   bench/charge-sql-batch-ab.sh /tmp/bench.dump [rounds=3] [seconds=12] [B=4] [clients=16]
#
# Runs as a PostgreSQL superuser on the local server (PGHOST, default 127.0.0.1; PGUSER, default postgres).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dump=${1:?usage: charge-sql-batch-ab.sh DUMP [rounds] [seconds] [B] [clients]}
rounds=${2:-3} secs=${3:-12} b=${4:-4} clients=${5:-16}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
. "$here/lib.sh"
owner=tokengate d=charge_sql_batch
work=$(mktemp -d)
for mode in single outcomes both; do python3 "$here/charge-sql-batch.py" "$b" "$mode" >"$work/$mode.sql"; done
bench_restore "$d" "$dump" "$owner"
merchant=$(psql -At -d $d -c "SELECT id FROM merchants LIMIT 1")
key=$(psql -At -d $d -c "SELECT id FROM api_keys WHERE merchant_id = '$merchant' LIMIT 1")
n=$(bench_tok_list "$d" "$merchant" "$owner")
for r in $(seq 1 "$rounds"); do
  for mode in single outcomes both; do
    psql -q -d "$d" -c CHECKPOINT
    before=$(bench_pg_reaped_ticks)
    out=$(pgbench -U "$owner" -n -M prepared -c $((clients / b)) -j 2 -T "$secs" -D merchant="$merchant" -D key="$key" \
      -D tokens="$n" -f "$work/$mode.sql" "$d" 2>&1)
    sleep 0.5 # the backends are reaped, and their CPU counted, once they have exited
    after=$(bench_pg_reaped_ticks)
    txns=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' <<<"$out")
    if [ -z "$txns" ]; then echo "round $r $mode: FAILED"; tail -3 <<<"$out"; continue; fi
    charges=$((txns * b))
    echo "round $r $mode (B=$b, $((clients / b)) clients): $(echo "scale=1; $charges / $secs" | bc) charges/s," \
      "PostgreSQL $(echo "scale=3; ($after - $before) * 1000 / $(getconf CLK_TCK) / $charges" | bc) ms CPU per charge"
  done
done
psql -q -d postgres -c "DROP DATABASE $d WITH (FORCE)"
rm -rf "$work"
