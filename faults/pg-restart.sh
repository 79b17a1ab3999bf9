#!/usr/bin/env bash
# Fault 1: PostgreSQL restarted in the middle of a charge load.
#
# A private PostgreSQL cluster (never the machine's shared one) and a gateway jar on it; charge
# clients (faults/charge_load.py) place orders with their order id as Idempotency-Key while the
# cluster is stopped (fast shutdown: every connection cut), kept down for PG_DOWN seconds and
# started again. The same gateway process must answer 503 service_unavailable with Retry-After
# during the outage (never a 500, a 401 or a hang), serve charges again once PostgreSQL is back,
# and afterwards every order answered 201 must exist exactly once, captured, in the database and
# in the simulated acquirer's ledger, with nothing left in flight.
#
# Usage: faults/pg-restart.sh    (env: PG_PORT=5491 GW_PORT=18301 LOAD_SECONDS=30 PG_DOWN=6 WORKERS=8)
# Prints PASS or FAIL; exits 1 on FAIL. Needs PostgreSQL server binaries (initdb, pg_ctl), psql, a JDK.
FAULT_NAME=pg-restart
PG_PORT=${PG_PORT:-5491}
GW_PORT=${GW_PORT:-18301}
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
load_seconds=${LOAD_SECONDS:-30}
down=${PG_DOWN:-6}

find_jar
start_cluster
start_gateway
seed_merchant 20

log "load: ${WORKERS:-8} clients for ${load_seconds}s; PostgreSQL goes down after 8 s for ${down} s"
python3 "$here/charge_load.py" --port "$GW_PORT" --secret "$secret" --tokens "$work/tokens.txt" \
  --workers "${WORKERS:-8}" --duration "$load_seconds" --ops-auth "faults:$admin_password" --merchant "$merchant" \
  --out "$work/load.json" &
load_pid=$!
sleep 8
fault_start=$(date +%s.%N)
log "stopping PostgreSQL (fast: connections cut, in-flight transactions rolled back)"
pg_ctl -m fast stop
sleep "$down"
pg_ctl -l "$work/postgres.log" start
fault_end=$(date +%s.%N)
log "PostgreSQL is back"
wait "$load_pid"

verdict=0
kill -0 "$gateway_pid" 2>/dev/null && log "same gateway process still running (pid $gateway_pid)" \
  || { log "FAIL the gateway process died"; verdict=1; }
python3 "$here/verdict.py" "$work/load.json" --fault-start "$fault_start" --fault-end "$fault_end" --expect 503 || verdict=1
problems=$(check_database)
echo "database: $(psql_fault -c "SELECT count(*) FILTER (WHERE status = 'captured') || ' captured, ' ||
  count(*) FILTER (WHERE status = 'failed') || ' failed, ' || count(*) || ' charges in all' FROM charges")"
if [ -n "$problems" ]; then echo "FAIL  database invariants:"; echo "$problems" | sed 's/^/      /'; verdict=1
else echo "ok    database: every 201 is one captured charge, no order charged twice, ledger agrees, nothing in flight"; fi
internal=$(grep -c 'unhandled error' "$work/gateway.log" || true)
[ "$internal" = 0 ] && echo "ok    no 'unhandled error' in the gateway log" || { echo "FAIL  $internal 'unhandled error' lines in the gateway log"; verdict=1; }
if [ "$verdict" = 0 ]; then echo "PASS: $FAULT_NAME"; else echo "FAIL: $FAULT_NAME"; fi
exit "$verdict"
