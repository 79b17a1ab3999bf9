#!/usr/bin/env bash
# Key rotation benchmark: re-wrap of N cards (default 1,000,000) through the real gateway jar.
# Seeds N cards with real sealed blobs (bench/SeedCards.java, the vault itself, COPY) into a fresh
# database, starts the gateway, POSTs /ops/keys/rotate, polls the rotation until it completes and
# reports the elapsed time (server timestamps) and rows/s; then opens every card with the vault.
# Not part of `mvn verify`.
#
# Usage: bench/rotation-bench.sh [cards=1000000] [tokens]   ("tokens": one sealed token value per card too)
# Env: BENCH_ROTATION_DB (default tokengate_rotation_bench), BENCH_PORT (18187), BENCH_HEAP (512m),
# TOKENGATE_REWRAP_* (batch size, workers, rate bounds: passed to the gateway),
# BENCH_KEEP=1 keeps the database. Needs a JDK, psql, curl, python3, PostgreSQL as for charge-bench.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cards=${1:-1000000}
with_tokens=${2:-}
port=${BENCH_PORT:-18187}
heap=${BENCH_HEAP:-512m}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-tokengate} PGPASSWORD=${PGPASSWORD:-tokengate}
db=${BENCH_ROTATION_DB:-tokengate_rotation_bench}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d /tmp/rotation-bench.XXXXXX)
admin_password="bench-admin-$RANDOM$RANDOM"
keystore_password="bench-keystore-password"
base="http://127.0.0.1:$port"
jdbc="jdbc:postgresql://$PGHOST:$PGPORT/$db?user=$PGUSER&password=$PGPASSWORD"

jar=${JAR:-$(ls "$repo"/gateway-service/target/tokengate-gateway-service-*.jar 2>/dev/null | grep -v -e plain -e -lib.jar | head -1 || true)}
if [ -z "$jar" ]; then
  (cd "$repo" && mvn -B -q -ntp -pl gateway-service -am package -DskipTests)
  jar=$(ls "$repo"/gateway-service/target/tokengate-gateway-service-*.jar | grep -v -e plain -e -lib.jar | head -1)
fi
mkdir -p "$work/lib" && (cd "$work/lib" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" xf "$jar" BOOT-INF/lib && mv BOOT-INF/lib/* . && rmdir -p BOOT-INF/lib)

gateway_pid=
cleanup() {
  if [ -n "$gateway_pid" ]; then kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; fi
  [ "${BENCH_KEEP:-0}" = 1 ] || psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
psql -q -d postgres -c "CREATE DATABASE $db" >/dev/null

echo "starting gateway ($jar, -Xmx$heap) on port $port"
TOKENGATE_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" TOKENGATE_DB_USER="$PGUSER" TOKENGATE_DB_PASSWORD="$PGPASSWORD" \
TOKENGATE_KEYSTORE_PATH="$work/keys.bcfks" TOKENGATE_KEYSTORE_PASSWORD="$keystore_password" PORT=$port \
  "$java" -Xmx"$heap" -jar "$jar" \
    --tokengate.ops.bootstrap-admin.username=bench --tokengate.ops.bootstrap-admin.password="$admin_password" \
    --logging.level.root=WARN --logging.level.io.tokengate.gateway.rotation=INFO >"$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 120); do
  curl -fs "$base/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/gateway.log"; exit 1; }
  sleep 1
done
curl -fs "$base/actuator/health" >/dev/null

# CPU seconds (user+system) of the gateway JVM and of the PostgreSQL backends serving the bench database.
cpu() {
  local tick total=0 jvm pg=0 pid
  tick=$(getconf CLK_TCK)
  jvm=$(awk '{print $14+$15}' "/proc/$gateway_pid/stat")
  for pid in $(pgrep -f "postgres: .* $db "); do
    pg=$((pg + $(awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$(echo "scale=1; $jvm / $tick" | bc) $(echo "scale=1; $pg / $tick" | bc)"
}
ops() { curl -fsS -u "bench:$admin_password" -H 'Content-Type: application/json' "$@"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }
merchant=$(ops -X POST "$base/ops/merchants" -d '{"name":"Rotation bench","return_origins":["https://shop.example"]}' | field "['id']")

echo "seeding $cards cards${with_tokens:+ with a token each} for $merchant"
"$java" -cp "$work/lib/*" "$here/SeedCards.java" seed "$jdbc" "$work/keys.bcfks" "$keystore_password" \
  "$merchant" "$cards" $with_tokens | tail -1
psql -q -d "$db" -c "VACUUM ANALYZE cards" -c "VACUUM ANALYZE tokens" >/dev/null

echo "load before rotating: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r jvm0 pg0 <<<"$(cpu)"
started=$(date +%s.%N)
rotation=$(ops -X POST "$base/ops/keys/rotate")
echo "POST /ops/keys/rotate answered after $(echo "$(date +%s.%N) - $started" | bc | cut -c1-5) s"
id=$(field "['id']" <<<"$rotation")
echo "rotation $id: kek-v$(field "['from_version']" <<<"$rotation") -> kek-v$(field "['to_version']" <<<"$rotation"), cards_total $(field "['cards_total']" <<<"$rotation"), tokens_total $(field "['tokens_total']" <<<"$rotation")"
while :; do
  state=$(ops "$base/ops/keys/rotations/$id")
  status=$(field "['status']" <<<"$state")
  printf '  %5.1f s  %s cards %s/%s tokens %s/%s\n' "$(echo "$(date +%s.%N) - $started" | bc)" "$status" \
    "$(field "['cards_rewrapped']" <<<"$state")" "$(field "['cards_total']" <<<"$state")" \
    "$(field "['tokens_rewrapped']" <<<"$state")" "$(field "['tokens_total']" <<<"$state")"
  [ "$status" = completed ] && break
  sleep 2
done
wall=$(echo "$(date +%s.%N) - $started" | bc)
read -r jvm1 pg1 <<<"$(cpu)"
server=$(python3 -c "
import json,sys
from datetime import datetime
d=json.loads(sys.argv[1])
p=lambda s: datetime.fromisoformat(s.replace('Z','+00:00'))
print('%.1f' % (p(d['completed_at'])-p(d['created_at'])).total_seconds())" "$state")
rows=$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(d['cards_rewrapped']+d['tokens_rewrapped'])" "$state")
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
left=$(psql -At -d "$db" -c "SELECT count(*) FROM cards WHERE status = 'active' AND kek_version <> (SELECT version FROM kek_versions WHERE status = 'active')")
"$java" -cp "$work/lib/*" "$here/SeedCards.java" verify "$jdbc" "$work/keys.bcfks" "$keystore_password"

echo
echo "== Key rotation and re-wrap =="
echo "machine:   $(nproc) CPU, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "postgres:  $(psql -At -d postgres -c 'SHOW server_version'), synchronous_commit=$(psql -At -d postgres -c 'SHOW synchronous_commit')"
echo "gateway:   -Xmx$heap, batch ${TOKENGATE_REWRAP_BATCH_SIZE:-2000}, workers ${TOKENGATE_REWRAP_WORKERS:-2}, max rows/s busy ${TOKENGATE_REWRAP_MAX_ROWS_PER_SECOND:-2000} / idle ${TOKENGATE_REWRAP_IDLE_MAX_ROWS_PER_SECOND:-0} (0 = unbounded)"
echo "re-wrapped: $rows rows (cards $(field "['cards_rewrapped']" <<<"$state"), tokens $(field "['tokens_rewrapped']" <<<"$state")), cards left under an old version: $left"
echo "elapsed:   ${server} s (rotation created_at -> completed_at), ${wall} s wall including polling"
python3 -c "print('rate:      %.0f rows/s' % ($rows / $server))"
python3 -c "print('CPU:       gateway JVM %.1f s, PostgreSQL backends of the bench database %.1f s (%.1f us per row; WAL writer, checkpointer, autovacuum not counted)' % ($jvm1 - $jvm0, $pg1 - $pg0, ($jvm1 - $jvm0 + $pg1 - $pg0) * 1e6 / $rows))"
