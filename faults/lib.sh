# Shared by the fault scripts (sourced, not run): a private PostgreSQL cluster that can be
# restarted without disturbing anyone else's, a gateway jar started against it, and a merchant
# with tokens to charge. Each script sets FAULT_NAME, PG_PORT and GW_PORT before sourcing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
work=$(mktemp -d "/tmp/tokengate-fault-$FAULT_NAME.XXXXXX")
chmod 755 "$work"
pg_data="$work/pgdata"
base="http://127.0.0.1:$GW_PORT"
admin_password="fault-admin-$RANDOM$RANDOM"
gateway_pid=

log() { printf '%s [%s] %s\n' "$(date -u +%H:%M:%S)" "$FAULT_NAME" "$*"; }

# initdb refuses to run as root: the cluster belongs to the postgres OS user when we are root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_ctl() { as_pg "$pg_bin/pg_ctl" -D "$pg_data" -w -t 60 "$@" >>"$work/postgres-ctl.log" 2>&1; }

psql_fault() { PGPASSWORD= psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d tokengate "$@"; }

start_cluster() {
  mkdir -p "$pg_data"
  [ "$(id -u)" = 0 ] && chown postgres "$pg_data" "$work"
  as_pg "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 >"$work/initdb.log" 2>&1
  # Small and local: listen on loopback only, on the script's own port; fsync stays on (the default),
  # so a 2xx answer means what it means in production.
  cat >>"$pg_data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$work'
max_connections = 60
shared_buffers = 64MB
EOF
  pg_ctl -l "$work/postgres.log" start
  PGPASSWORD= psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE tokengate"
  log "private PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $PG_PORT ($pg_data)"
}

find_jar() {
  jar=${JAR:-$(ls "$repo"/gateway-service/target/tokengate-gateway-service-*.jar 2>/dev/null | grep -v -e plain -e -lib | head -1 || true)}
  if [ -z "$jar" ]; then
    log "building the gateway jar"
    (cd "$repo" && mvn -B -q -ntp -pl gateway-service -am package -DskipTests)
    jar=$(ls "$repo"/gateway-service/target/tokengate-gateway-service-*.jar | grep -v -e plain -e -lib | head -1)
  fi
}

# Recovery runs every second and settles anything in flight for 5 s, with an acquirer timeout of
# 2 s: the same code paths as production (30 s / 10 s), compressed so a script ends in a minute.
start_gateway() {
  TOKENGATE_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/tokengate" TOKENGATE_DB_USER=postgres TOKENGATE_DB_PASSWORD= \
  TOKENGATE_KEYSTORE_PATH="$work/keys.bcfks" TOKENGATE_KEYSTORE_PASSWORD="fault-keystore-password" PORT=$GW_PORT \
    "$java" -Xmx384m -XX:TieredStopAtLevel=1 -jar "$jar" \
      --tokengate.ops.bootstrap-admin.username=faults --tokengate.ops.bootstrap-admin.password="$admin_password" \
      --tokengate.acquirer.timeout=2s --tokengate.charges.recovery-after=5s \
      --tokengate.charges.recovery-interval=1s --tokengate.charges.recovery-initial-delay=1s \
      --spring.datasource.hikari.maximum-pool-size=10 ${GW_EXTRA_ARGS:-} \
      --logging.level.root=WARN >>"$work/gateway.log" 2>&1 &
  gateway_pid=$!
  # Up to 3 minutes: on a loaded 2-core machine a cold start has taken over a minute.
  for _ in $(seq 1 360); do
    curl -fs "$base/actuator/health" >/dev/null 2>&1 && { log "gateway up (pid $gateway_pid, port $GW_PORT)"; return 0; }
    kill -0 "$gateway_pid" 2>/dev/null || { tail -50 "$work/gateway.log"; return 1; }
    sleep 0.5
  done
  log "gateway did not start"; tail -50 "$work/gateway.log"; return 1
}

ops() { curl -fsS -u "faults:$admin_password" -H 'Content-Type: application/json' "$@"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# One merchant, one key, $1 tokens on distinct Visa numbers (valid Luhn).
seed_merchant() {
  merchant=$(ops -X POST "$base/ops/merchants" -d '{"name":"Fault shop","return_origins":["https://shop.example"]}' | field id)
  ops -X PUT "$base/ops/merchants/$merchant/acl" \
    -d '{"allowed_cidrs":[],"merchant_initiated_allowed":true,"currencies":[{"currency":"EUR"}]}' >/dev/null
  secret=$(ops -X POST "$base/ops/merchants/$merchant/keys" -d '{"scopes":["charges:write","charges:read"]}' | field secret)
  python3 "$repo/bench/pans.py" "$1" 417171 | while read -r pan; do
    ops -X POST "$base/ops/merchants/$merchant/cards" \
      -d "{\"number\":\"$pan\",\"exp_month\":12,\"exp_year\":2034,\"cardholder_name\":\"Fault\"}" | field token
  done >"$work/tokens.txt"
  log "merchant $merchant with $(wc -l <"$work/tokens.txt") tokens"
}

cleanup() {
  local rc=$?
  if [ -n "$gateway_pid" ]; then kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; fi
  if [ -d "$pg_data" ]; then pg_ctl -m immediate stop 2>/dev/null || true; fi
  if [ "${FAULT_KEEP:-0}" = 1 ] || [ "$rc" != 0 ]; then
    echo "logs kept in $work (gateway.log, postgres.log, load.json)"
    rm -rf "$pg_data"
  else
    rm -rf "$work"
  fi
}

# The verdict in SQL, shared by both scripts: every key the client saw resolved has exactly one
# charge that moved money, the ledger of the simulated acquirer agrees row for row, nothing is
# left in flight, and every 2xx answer names a charge that exists with the answered status.
check_database() {
  local answered="$work/answered.csv"
  python3 - "$work/load.json" >"$answered" <<'PY'
import json, sys
for key, outcome in json.load(open(sys.argv[1]))["keys"].items():
    if outcome["final_status"] == 201:
        print(f'{key},{outcome["charge"]},{outcome["amount"]}')
PY
  psql_fault <<SQL
CREATE TEMP TABLE answered (key text, charge_id text, amount bigint);
\copy answered FROM '$answered' WITH (FORMAT csv)
CREATE TEMP VIEW problems AS
  SELECT 'answered 2xx but no such charge: ' || a.charge_id AS problem FROM answered a
    LEFT JOIN charges c ON c.id = a.charge_id WHERE c.id IS NULL
  UNION ALL SELECT 'answered 2xx but charge is ' || c.status || ': ' || c.id FROM answered a
    JOIN charges c ON c.id = a.charge_id WHERE c.status <> 'captured' OR c.amount <> a.amount
  UNION ALL SELECT 'order charged ' || count(*) || ' times: ' || reference FROM charges
    WHERE merchant_id = '$merchant' AND status IN ('authorized', 'captured') GROUP BY reference HAVING count(*) > 1
  UNION ALL SELECT 'key answered 2xx with another charge than the captured one: ' || a.key FROM answered a
    JOIN charges c ON c.reference = a.key AND c.status = 'captured' WHERE c.id <> a.charge_id
  UNION ALL SELECT 'charge under another key than its order: ' || id FROM charges
    WHERE merchant_id = '$merchant' AND idempotency_key IS DISTINCT FROM reference
  UNION ALL SELECT 'charge still in flight: ' || id || ' ' || status FROM charges
    WHERE merchant_id = '$merchant' AND status IN ('pending', 'capturing', 'voiding')
  UNION ALL SELECT 'captured charge unknown to the acquirer: ' || c.id FROM charges c
    LEFT JOIN acquirer_sim_ledger l ON l.reference = c.id WHERE c.merchant_id = '$merchant'
    AND c.status = 'captured' AND l.reference IS NULL
  UNION ALL SELECT 'acquirer authorized a charge the gateway did not record as such: ' || l.reference
    FROM acquirer_sim_ledger l JOIN charges c ON c.id = l.reference WHERE c.status NOT IN ('authorized', 'captured')
  UNION ALL SELECT 'charged but the client never got the answer: ' || reference FROM charges
    WHERE merchant_id = '$merchant' AND status = 'captured' AND reference NOT IN (SELECT key FROM answered)
  UNION ALL SELECT 'idempotency key still in progress: ' || idempotency_key FROM idempotency_records
    WHERE merchant_id = '$merchant' AND status <> 'completed' AND idempotency_key IN (SELECT key FROM answered);
SELECT problem FROM problems ORDER BY 1 LIMIT 30;
SQL
}
