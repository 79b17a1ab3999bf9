#!/usr/bin/env bash
# A schema change measured on the SQL of a charge alone: restores one dump of the charge bench's
# database twice, applies DDL to the second copy only, and alternates pgbench runs of a script
# (default bench/charge-sql-equivalent.sql, prepared statements, 16 clients) over the two copies,
# printing tps and PostgreSQL's CPU per transaction (the backends' CPU, read from the postmaster's
# reaped children). Make the dump with the charge bench:
#
#   BENCH_WARMUP=5 BENCH_WARMUP_MAX=0 BENCH_AFTER_HOOK='pg_dump -Fc -d $BENCH_DB -f /tmp/bench.dump' \
#     bench/charge-bench.sh 16 5
#   bench/schema-ab.sh /tmp/bench.dump change.sql [rounds=3] [seconds=15]
#
# Runs as a PostgreSQL superuser on the local server (PGHOST, default 127.0.0.1; PGUSER, default
# postgres) and needs the postmaster's /proc entry, so the server must run on this machine.
# Env: SQL (the pgbench script), AB_CLIENTS (16), PGDATA_PID (postmaster.pid path).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dump=${1:?usage: schema-ab.sh DUMP DDL [rounds] [seconds]}
ddl=${2:?usage: schema-ab.sh DUMP DDL [rounds] [seconds]}
rounds=${3:-3}
secs=${4:-15}
script=${SQL:-$here/charge-sql-equivalent.sql}
clients=${AB_CLIENTS:-16}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
. "$here/lib.sh"
pidfile=${PGDATA_PID:-$(ls /var/lib/postgresql/*/main/postmaster.pid | head -1)}
owner=tokengate
for d in schema_ab_a schema_ab_b; do bench_restore "$d" "$dump" "$owner"; done
psql -q -v ON_ERROR_STOP=1 -d schema_ab_b -f "$ddl"
merchant=$(psql -At -d schema_ab_a -c "SELECT id FROM merchants LIMIT 1")
key=$(psql -At -d schema_ab_a -c "SELECT id FROM api_keys WHERE merchant_id = '$merchant' LIMIT 1")
for d in schema_ab_a schema_ab_b; do n=$(bench_tok_list "$d" "$merchant" "$owner"); done
for r in $(seq 1 "$rounds"); do
  for d in schema_ab_a schema_ab_b; do
    psql -q -d "$d" -c CHECKPOINT
    before=$(bench_pg_reaped_ticks "$pidfile")
    out=$(pgbench -U "$owner" -n -M prepared -c "$clients" -j 2 -T "$secs" -D merchant="$merchant" -D key="$key" \
      -D tokens="$n" -f "$script" "$d" 2>&1)
    sleep 0.5 # the backends are reaped, and their CPU counted, once they have exited
    after=$(bench_pg_reaped_ticks "$pidfile")
    tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$out")
    txns=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' <<<"$out")
    ticks=$(getconf CLK_TCK)
    echo "round $r $d: ${tps:-FAILED} tps, PostgreSQL $(echo "scale=3; ($after - $before) * 1000 / $ticks / ${txns:-1}" | bc) ms CPU per transaction"
  done
done
psql -q -d postgres -c "DROP DATABASE schema_ab_a WITH (FORCE)" -c "DROP DATABASE schema_ab_b WITH (FORCE)"
