#!/usr/bin/env bash
# Fault 2: the gateway killed with SIGKILL in the middle of a charge load, then started again.
#
# A private PostgreSQL cluster and a gateway jar on it, the simulated acquirer answering after
# 200 ms so that at any moment most charges sit between their two commits. Charge clients
# (faults/charge_load.py) place orders with the order id as Idempotency-Key; after KILL_AFTER
# seconds the gateway gets SIGKILL (no shutdown hook, no graceful drain) and is started again on
# the same port. Clients retry each open order with its key through refused connections and 409s
# until it has a final answer. Afterwards no order may be charged twice or lost, every 201 must
# be one captured charge that the acquirer's ledger agrees with, and the charges the kill left
# pending must have been settled by ChargeRecovery (recovery-after 5 s, every second, here).
#
# Usage: faults/gateway-kill.sh   (env: PG_PORT=5492 GW_PORT=18302 LOAD_SECONDS=60 KILL_AFTER=8 WORKERS=8)
# Prints PASS or FAIL; exits 1 on FAIL.
FAULT_NAME=gateway-kill
PG_PORT=${PG_PORT:-5492}
GW_PORT=${GW_PORT:-18302}
GW_EXTRA_ARGS="--tokengate.acquirer.simulator.delay=200ms"
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
load_seconds=${LOAD_SECONDS:-60}
kill_after=${KILL_AFTER:-8}

find_jar
start_cluster
start_gateway
seed_merchant 20

log "load: ${WORKERS:-8} clients for ${load_seconds}s; SIGKILL to the gateway after ${kill_after} s"
python3 "$here/charge_load.py" --port "$GW_PORT" --secret "$secret" --tokens "$work/tokens.txt" \
  --workers "${WORKERS:-8}" --duration "$load_seconds" --settle 180 --out "$work/load.json" &
load_pid=$!
sleep "$kill_after"
fault_start=$(date +%s.%N)
in_flight=$(psql_fault -c "SELECT count(*) FROM charges WHERE status = 'pending'")
kill -KILL "$gateway_pid"
wait "$gateway_pid" 2>/dev/null || true
log "gateway killed (SIGKILL) with $in_flight charge(s) pending just before; starting it again"
start_gateway
fault_end=$(date +%s.%N)
wait "$load_pid"

verdict=0
python3 "$here/verdict.py" "$work/load.json" --fault-start "$fault_start" --fault-end "$fault_end" --expect conn || verdict=1
problems=$(check_database)
echo "database: $(psql_fault -c "SELECT count(*) FILTER (WHERE status = 'captured') || ' captured, ' ||
  count(*) FILTER (WHERE status = 'failed') || ' failed, ' || count(*) || ' charges in all' FROM charges")"
if [ -n "$problems" ]; then echo "FAIL  database invariants:"; echo "$problems" | sed 's/^/      /'; verdict=1
else echo "ok    database: every 201 is one captured charge, no order charged twice or lost, ledger agrees, nothing in flight"; fi
recovered=$(psql_fault -c "SELECT count(*) || ' (' || count(*) FILTER (WHERE details->>'status' = 'captured') || ' captured, '
  || count(*) FILTER (WHERE details->>'status' = 'failed') || ' failed)' FROM audit_events
  WHERE action = 'charge.recovered' AND merchant_id = '$merchant'")
if [ "${recovered%% *}" -gt 0 ]; then echo "ok    charges left pending by the kill were settled by recovery: $recovered"
else echo "FAIL  no charge was settled by recovery (the kill hit no charge between its commits: inconclusive)"; verdict=1; fi
if [ "$verdict" = 0 ]; then echo "PASS: $FAULT_NAME"; else echo "FAIL: $FAULT_NAME"; fi
exit "$verdict"
