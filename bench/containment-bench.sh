#!/usr/bin/env bash
# Containment benchmark: a merchant holding N real tokens (default 1,000,000) is contained through
# POST /ops/merchants/{id}/incidents against a real gateway jar (-Xmx512m); the script polls
# GET /ops/incidents/{id} until `contained` and reports the elapsed time. Not part of `mvn verify`.
#
# Usage: bench/containment-bench.sh [tokens=1000000] [tokens-per-card=20]
# Env: BENCH_BATCH (worker batch size, default the gateway's 5000), BENCH_LANES (parallel lanes, default
# the gateway's 2), BENCH_DEBUG=1 (per-batch timings from the gateway log), BENCH_DB (default
# tokengate_containment_bench, created and dropped), BENCH_PORT (18091), JAR (the gateway jar),
# PGHOST/PGPORT/PGUSER/PGPASSWORD (defaults 127.0.0.1/5432/tokengate/tokengate).
# Needs a JDK (JAVA_HOME or java on PATH), Maven (to build the jar and the seeder's classpath),
# psql, curl and python3. The seeder (gateway-service/src/test/java/.../bench/ContainmentSeeder)
# writes cards and tokens with COPY, sealed by the vault under the gateway's own key store.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
tokens_n=${1:-1000000}
per_card=${2:-20}
port=${BENCH_PORT:-18091}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-tokengate} PGPASSWORD=${PGPASSWORD:-tokengate}
db=${BENCH_DB:-tokengate_containment_bench}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d /tmp/containment-bench.XXXXXX)
admin_password="bench-admin-$RANDOM$RANDOM"
keystore_password="bench-keystore-password"
base="http://127.0.0.1:$port"
jdbc="jdbc:postgresql://$PGHOST:$PGPORT/$db"

jar=${JAR:-$(ls "$repo"/gateway-service/target/tokengate-gateway-service-*.jar 2>/dev/null | grep -v -e plain -e '-lib\.jar' | head -1 || true)}
if [ -z "$jar" ]; then
  (cd "$repo" && mvn -B -q -ntp -pl gateway-service -am package -DskipTests)
  jar=$(ls "$repo"/gateway-service/target/tokengate-gateway-service-*.jar | grep -v -e plain -e '-lib\.jar' | head -1)
fi
# The seeder lives in the test sources: compile them and resolve the test classpath.
(cd "$repo" && mvn -B -q -ntp -pl gateway-service test-compile dependency:build-classpath \
   -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >/dev/null)
seeder_cp="$repo/gateway-service/target/test-classes:$repo/gateway-service/target/classes:$(cat "$work/cp.txt")"

gateway_pid=
cleanup() {
  if [ -n "$gateway_pid" ]; then kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; fi
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if curl -s -o /dev/null "$base/actuator/health"; then
  echo "port $port is in use (another gateway?); set BENCH_PORT" >&2
  exit 1
fi
echo "load before the run: $(uptime)"
psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
psql -q -d postgres -c "CREATE DATABASE $db" >/dev/null

echo "starting gateway ($jar, -Xmx512m) on port $port"
TOKENGATE_DB_URL="$jdbc" TOKENGATE_DB_USER="$PGUSER" TOKENGATE_DB_PASSWORD="$PGPASSWORD" \
TOKENGATE_KEYSTORE_PATH="$work/keys.bcfks" TOKENGATE_KEYSTORE_PASSWORD="$keystore_password" PORT=$port \
  "$java" -Xmx512m -jar "$jar" \
    --tokengate.ops.bootstrap-admin.username=bench --tokengate.ops.bootstrap-admin.password="$admin_password" \
    ${BENCH_BATCH:+--tokengate.containment.batch-size=$BENCH_BATCH} ${BENCH_LANES:+--tokengate.containment.lanes=$BENCH_LANES} \
    --logging.level.root=WARN --logging.level.io.tokengate.gateway.incident=INFO \
    ${BENCH_DEBUG:+--logging.level.io.tokengate.gateway.token.TokenReplacements=DEBUG} >"$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 120); do
  curl -fs "$base/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/gateway.log"; exit 1; }
  sleep 1
done
trap 'tail -40 "$work/gateway.log"; cleanup' ERR
curl -fs "$base/actuator/health" >/dev/null

ops() { curl -fsS -u "bench:$admin_password" -H 'Content-Type: application/json' "$@"; }
# The first admin is created once the application is ready, a moment after health answers.
for _ in $(seq 1 30); do ops "$base/ops/users" >/dev/null 2>&1 && break; sleep 1; done
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }
merchant=$(ops -X POST "$base/ops/merchants" -d '{"name":"Breached shop","return_origins":["https://shop.example"]}' | field "['id']")
ops -X PUT "$base/ops/merchants/$merchant/acl" \
  -d '{"allowed_cidrs":[],"merchant_initiated_allowed":true,"currencies":[{"currency":"EUR"}]}' >/dev/null
ops -X POST "$base/ops/merchants/$merchant/keys" -d '{"scopes":["charges:write","tokens:read"]}' >/dev/null

echo "seeding $tokens_n tokens ($per_card per card) for $merchant"
"$java" -cp "$seeder_cp" io.tokengate.gateway.bench.ContainmentSeeder "$jdbc" "$PGUSER" "$PGPASSWORD" \
  "$work/keys.bcfks" "$keystore_password" "$merchant" "$tokens_n" "$per_card"
psql -q -d "$db" -c "VACUUM ANALYZE tokens" -c "VACUUM ANALYZE cards"
echo "load before containment: $(uptime)"

start=$(date +%s.%N)
opened=$(ops -X POST "$base/ops/merchants/$merchant/incidents" -d '{"reason":"containment benchmark"}')
answered=$(date +%s.%N)
incident=$(field "['id']" <<<"$opened")
echo "POST answered in $(python3 -c "print(round($answered - $start, 3))") s: $incident, tokens_total=$(field "['tokens_total']" <<<"$opened")"
while :; do
  state=$(ops "$base/ops/incidents/$incident")
  status=$(field "['status']" <<<"$state")
  [ "$status" = contained ] && break
  kill -0 "$gateway_pid" 2>/dev/null || { tail -50 "$work/gateway.log"; exit 1; }
  sleep 0.5
done
done_at=$(date +%s.%N)
elapsed=$(python3 -c "print(round($done_at - $start, 1))")
load_after=$(uptime)

revoked=$(field "['tokens_revoked']" <<<"$state")
replaced=$(field "['tokens_replaced']" <<<"$state")
batches=$(field "['batches']" <<<"$state")
check=$(psql -At -d "$db" -c "SELECT count(*) FILTER (WHERE t.status IN ('active', 'suspended') AND t.id < i.token_cutoff)
                                 || '/' || count(*) FILTER (WHERE t.status = 'revoked' AND t.replaced_by IS NULL)
                               FROM tokens t JOIN incidents i ON i.merchant_id = t.merchant_id WHERE i.id = '$incident'")
pairs=$(psql -At -d "$db" -c "SELECT count(*) FROM token_migration_pairs p JOIN incidents i ON i.id = '$incident'
                              JOIN token_migrations m ON m.incident_id = i.id WHERE p.migration_id = m.id")
# Per lane: batches, and the mean time between its batch commits (the batch audit rows' timestamps).
lanes=$(psql -At -F ' ' -d "$db" -c "SELECT 'lane ' || lane || ': ' || count(*) || ' batches, '
            || round(extract(epoch FROM max(at) - min(at)) * 1000 / greatest(count(*) - 1, 1)) || ' ms/batch'
          FROM (SELECT (details->>'lane')::int AS lane, occurred_at AS at FROM audit_events
                WHERE action = 'incident.batch' AND subject_id = '$incident') b GROUP BY lane ORDER BY lane")

echo
echo "== Containment ($tokens_n tokens) =="
echo "machine:        $(nproc) CPU, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "postgres:       $(psql -At -d postgres -c 'SHOW server_version'), shared_buffers=$(psql -At -d postgres -c 'SHOW shared_buffers'), synchronous_commit=$(psql -At -d postgres -c 'SHOW synchronous_commit')"
echo "gateway:        -Xmx512m, batch size ${BENCH_BATCH:-5000 (default)}, lanes ${BENCH_LANES:-2 (default)}"
echo "result:         contained in $elapsed s (POST to status contained); $revoked revoked, $replaced replaced, $batches batches, $(python3 -c "print(int($revoked / ($done_at - $start)))") tokens/s"
echo "checks:         pending pre-incident tokens / revoked without replacement = $check; pairs recorded = $pairs"
echo "lanes:          $(tr '\n' ';' <<<"$lanes")"
echo "load after:     $load_after"
grep -h "contained:" "$work/gateway.log" || true
[ -z "${BENCH_DEBUG:-}" ] || grep -h "batch of" "$work/gateway.log" | sed 's/.*: batch/batch/' | head -40
