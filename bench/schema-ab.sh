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
pidfile=${PGDATA_PID:-$(ls /var/lib/postgresql/*/main/postmaster.pid | head -1)}
owner=tokengate
for d in schema_ab_a schema_ab_b; do
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" -c "CREATE DATABASE $d OWNER $owner"
  pg_restore -d "$d" --no-owner --role="$owner" "$dump"
done
psql -q -v ON_ERROR_STOP=1 -d schema_ab_b -f "$ddl"
merchant=$(psql -At -d schema_ab_a -c "SELECT id FROM merchants LIMIT 1")
key=$(psql -At -d schema_ab_a -c "SELECT id FROM api_keys WHERE merchant_id = '$merchant' LIMIT 1")
for d in schema_ab_a schema_ab_b; do
  psql -U "$owner" -q -d "$d" \
    -c "CREATE TABLE tok_list AS SELECT row_number() OVER (ORDER BY id) AS n, lookup_hash AS hash FROM tokens WHERE merchant_id = '$merchant'" \
    -c "CREATE UNIQUE INDEX ON tok_list (n)" -c "ANALYZE"
done
n=$(psql -At -d schema_ab_a -c "SELECT count(*) FROM tok_list")
pg_cpu_ticks() { awk '{print $16 + $17}' "/proc/$(head -1 "$pidfile")/stat"; }
for r in $(seq 1 "$rounds"); do
  for d in schema_ab_a schema_ab_b; do
    psql -q -d "$d" -c CHECKPOINT
    before=$(pg_cpu_ticks)
    out=$(pgbench -U "$owner" -n -M prepared -c "$clients" -j 2 -T "$secs" -D merchant="$merchant" -D key="$key" \
      -D tokens="$n" -f "$script" "$d" 2>&1)
    sleep 0.5 # the backends are reaped, and their CPU counted, once they have exited
    after=$(pg_cpu_ticks)
    tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$out")
    txns=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' <<<"$out")
    ticks=$(getconf CLK_TCK)
    echo "round $r $d: ${tps:-FAILED} tps, PostgreSQL $(echo "scale=3; ($after - $before) * 1000 / $ticks / ${txns:-1}" | bc) ms CPU per transaction"
  done
done
psql -q -d postgres -c "DROP DATABASE schema_ab_a WITH (FORCE)" -c "DROP DATABASE schema_ab_b WITH (FORCE)"
