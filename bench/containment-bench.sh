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
# Needs a JDK (JAVA_HOME or java on PATH), Maven (only to build a missing jar), psql, curl and
# python3. The seeder (gateway-service/src/test/java/.../bench/ContainmentSeeder, run as a single-file
# program on the jar's libraries) writes cards and tokens with COPY, sealed by the vault under the
# gateway's own key store. Gateway, ops and seeding helpers come from bench/lib.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tokens_n=${1:-1000000}
per_card=${2:-20}
port=${BENCH_PORT:-18091}
db=${BENCH_DB:-tokengate_containment_bench}
work=$(mktemp -d /tmp/containment-bench.XXXXXX)
BENCH_JAR=$(bench_jar)

cleanup() {
  bench_stop_gateway
  bench_drop_db "$db"
  rm -rf "$work"
}
trap cleanup EXIT

# Checked again by bench_start_gateway, but only after the database is dropped, which a gateway
# already on this port may be using.
if curl -s -o /dev/null "http://127.0.0.1:$port/actuator/health"; then
  echo "port $port is in use (another gateway?); set BENCH_PORT" >&2
  exit 1
fi
echo "load before the run: $(uptime)"
bench_fresh_db "$db"
bench_start_gateway "$BENCH_JAR" "$db" "$port" 512m "$work" \
  ${BENCH_BATCH:+--tokengate.containment.batch-size=$BENCH_BATCH} ${BENCH_LANES:+--tokengate.containment.lanes=$BENCH_LANES} \
  --logging.level.io.tokengate.gateway.incident=INFO \
  ${BENCH_DEBUG:+--logging.level.io.tokengate.gateway.token.TokenReplacements=DEBUG}
trap 'tail -40 "$work/gateway.log"; cleanup' ERR
base=$BENCH_BASE

merchant=$(bench_create_merchant "Breached shop")
bench_issue_key "$merchant" '"charges:write","tokens:read"' >/dev/null

echo "seeding $tokens_n tokens ($per_card per card) for $merchant"
bench_seed_tokens "$db" "$merchant" "$tokens_n" "$per_card" 0 "$work/token-values.txt" "$work"
echo "load before containment: $(uptime)"

start=$(date +%s.%N)
opened=$(bench_ops -X POST "$base/ops/merchants/$merchant/incidents" -d '{"reason":"containment benchmark"}')
answered=$(date +%s.%N)
incident=$(bench_field id <<<"$opened")
echo "POST answered in $(python3 -c "print(round($answered - $start, 3))") s: $incident, tokens_total=$(bench_field tokens_total <<<"$opened")"
while :; do
  state=$(bench_ops "$base/ops/incidents/$incident")
  status=$(bench_field status <<<"$state")
  [ "$status" = contained ] && break
  kill -0 "$BENCH_GATEWAY_PID" 2>/dev/null || { tail -50 "$work/gateway.log"; exit 1; }
  sleep 0.5
done
done_at=$(date +%s.%N)
elapsed=$(python3 -c "print(round($done_at - $start, 1))")
load_after=$(uptime)

revoked=$(bench_field tokens_revoked <<<"$state")
replaced=$(bench_field tokens_replaced <<<"$state")
batches=$(bench_field batches <<<"$state")
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
