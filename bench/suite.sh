#!/usr/bin/env bash
# The benchmark suite: in one run against one gateway jar (-Xmx512m, simulator delay 0) and the local
# PostgreSQL, measures under load (wrk)
#   - charge authorization   POST /v1/charges                        (1, 4, 16, 64 clients)
#   - token lookup           GET /v1/tokens/{token}                  (1, 4, 16, 64 clients)
#   - checkout completion    POST /v1/checkout/sessions/{id}/complete (sessions driven through the
#                            hosted page to their one-time code beforehand, outside the window)
#   - the PostgreSQL baseline /work/shared/bench/pg-charge-baseline.sh at the same concurrencies
#   - charges and lookups again with 10^6 instead of 10^4 stored tokens
#   - the vault's JMH benchmarks (a shorter configuration than docs/benchmarks.md "Vault")
# while sampling the gateway JVM's RSS and heap, and writes the results table with the machine's
# description into docs/benchmarks.md between the bench-suite markers (the rest of the file stays).
# Not part of `mvn verify`.
#
# Usage: bench/suite.sh                 full run, about 15-20 minutes
#        BENCH_QUICK=1 bench/suite.sh   about 4 minutes: checks the script end to end, the figures mean little
#
# Env, with full / quick defaults:
#   BENCH_SECS            seconds per measured window (20 / 3)
#   BENCH_WARMUP          seconds of charges before the first window (30 / 5); lookups get a third
#   BENCH_CLIENTS         the main concurrency (16); BENCH_CLIENTS_LIST the scaling steps (1 4 16 64)
#   BENCH_TOKENS_SMALL    stored tokens for most windows (10000); BENCH_TOKENS_LARGE (1000000 / 100000)
#   BENCH_TOKENS_PER_CARD tokens seeded per card (20)
#   BENCH_CHECKOUT_WARMUP sessions completed to warm up (300 / 60)
#   BENCH_CHECKOUT_SESSIONS  sessions completed in the window (auto: one window's worth at 3 times the
#                         warm-up's rate, at least 200)
#   BENCH_JMH_OPTS        (-f 1 -wi 2 -i 3 -w 2s -r 2s -t 1 / the same with -wi 1 -i 1 -w 1s -r 1s VaultBenchmark)
#   BENCH_PORT (18500), BENCH_DB (tokengate_suite_bench, created and dropped), BENCH_HEAP (512m),
#   BENCH_DB_POOL         the gateway's connection pool (20, its default)
#   BENCH_DOC             where the results go (docs/benchmarks.md; "-" prints them only)
#   BASELINE, JAR, PGHOST/PGPORT/PGUSER/PGPASSWORD (127.0.0.1/5432/tokengate/tokengate)
# Needs wrk, pgbench, psql, curl, python3, shuf, a JDK, and Maven when the gateway or JMH jar is missing
# or older than its sources.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
repo=$bench_repo
quick=${BENCH_QUICK:-0}
if [ "$quick" = 1 ]; then q() { echo "$1"; }; else q() { echo "$2"; }; fi
secs=${BENCH_SECS:-$(q 3 20)}
warmup=${BENCH_WARMUP:-$(q 5 30)}
main_clients=${BENCH_CLIENTS:-16}
clients_list=${BENCH_CLIENTS_LIST:-1 4 16 64}
small=${BENCH_TOKENS_SMALL:-10000}
large=${BENCH_TOKENS_LARGE:-$(q 100000 1000000)}
per_card=${BENCH_TOKENS_PER_CARD:-20}
warm_sessions=${BENCH_CHECKOUT_WARMUP:-$(q 60 300)}
sessions_n=${BENCH_CHECKOUT_SESSIONS:-auto}
jmh_opts=${BENCH_JMH_OPTS:-$(q "-f 1 -wi 1 -i 1 -w 1s -r 1s -t 1 VaultBenchmark" "-f 1 -wi 2 -i 3 -w 2s -r 2s -t 1")}
port=${BENCH_PORT:-18500}
heap=${BENCH_HEAP:-512m}
db=${BENCH_DB:-tokengate_suite_bench}
doc=${BENCH_DOC:-$repo/docs/benchmarks.md}
baseline=${BASELINE:-$repo/../shared/bench/pg-charge-baseline.sh}
for tool in wrk pgbench psql curl python3 shuf; do
  command -v "$tool" >/dev/null || { echo "bench/suite.sh needs $tool" >&2; exit 1; }
done
[ -x "$baseline" ] || { echo "no baseline script at $baseline (set BASELINE)" >&2; exit 1; }

work=$(mktemp -d /tmp/bench-suite.XXXXXX)
results="$work/results.txt"
sampler_pid=
cleanup() {
  if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; fi
  bench_stop_gateway
  bench_drop_db "$db"
  rm -rf "$work"
}
trap cleanup EXIT
started=$(date +%s)
echo "suite: $(q quick full) run, ${secs}s windows, clients $clients_list (main $main_clients), tokens $small and $large"
echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "load_before=$(cut -d' ' -f1 /proc/loadavg)" >"$work/run.txt"

export BENCH_JAR
BENCH_JAR=$(bench_jar fresh)
jmh_jar="$repo/vault/target/benchmarks.jar"
if [ ! -f "$jmh_jar" ] || [ -n "$(find "$repo/vault/src" "$repo/vault/pom.xml" -newer "$jmh_jar" -type f | head -1)" ]; then
  echo "building the vault's JMH benchmarks"
  (cd "$repo" && mvn -B -q -ntp -pl vault -am -Pjmh package -DskipTests)
fi

# --- measuring helpers ------------------------------------------------------------------------------

# Before each window: the audit sealer has caught up with the previous window's rows, so one window's
# background work does not land in the next one.
settle() {
  local _
  for _ in $(seq 1 120); do
    [ "$(psql -At -d "$db" -c "SELECT count(*) FROM audit_events e WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.event_id = e.id)")" = 0 ] && return 0
    sleep 1
  done
  echo "warning: audit rows still unsealed after 120 s" >&2
}

# window_begin / window_end: wall clock, 1-minute load average at the end, and the share of CPU time
# the hypervisor stole during the window (/proc/stat), appended to the result line.
window_begin() { w_t0=$(date +%s.%N); w_cpu=$(head -1 /proc/stat); }
window_end() {
  local cpu1
  cpu1=$(head -1 /proc/stat)
  printf 't0=%s t1=%s load=%s steal_pct=%s' "$w_t0" "$(date +%s.%N)" "$(cut -d' ' -f1 /proc/loadavg)" \
    "$(printf '%s\n%s\n' "$w_cpu" "$cpu1" | awk '{t=0; for (i=2; i<=NF; i++) t+=$i; tot[NR]=t; st[NR]=$9}
        END {d = tot[2] - tot[1]; if (d <= 0) d = 1; printf "%.1f", 100 * (st[2] - st[1]) / d}')"
}

# measure KIND SCRIPT CLIENTS TOKENS: one wrk window; appends a result line.
measure() {
  local kind=$1 script=$2 clients=$3 tokens=$4 out line
  settle
  echo "measuring $kind: $clients clients, ${secs}s, $tokens stored tokens"
  window_begin
  out=$(bench_wrk "$clients" "$secs" "$script" --latency)
  line=$(grep '^BENCH ' <<<"$out")
  echo "  ${line#BENCH }"
  echo "kind=$kind clients=$clients tokens=$tokens ${line#BENCH } $(window_end)" >>"$results"
}

# baseline CLIENTS PHASE: the shared PostgreSQL baseline at the same concurrency, same window.
baseline() {
  local clients=$1 phase=$2 out
  settle
  echo "baseline: $clients clients, ${secs}s"
  window_begin
  # On a shared server pgbench may find too few free connections (max_connections); say so, go on.
  out=$(PGDATABASE=$db "$baseline" "$clients" "$secs" 2>&1) || echo "warning: the baseline at $clients clients failed" >&2
  echo "kind=baseline clients=$clients phase=$phase tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$out" | head -1 | grep . || echo 0)" \
    "lat_avg_ms=$(sed -nE 's/^latency average = ([0-9.]+) ms.*/\1/p' <<<"$out" | grep . || echo -)" \
    "failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' <<<"$out" | grep . || echo -)" \
    "$(window_end)" >>"$results"
  tail -1 "$results" | sed 's/^/  /'
}

# The gateway JVM's resident set (VmRSS) and heap in use (actuator: jvm.memory.used, area heap), once a
# second for the whole run; the report takes each window's peak.
sample_memory() {
  local rss heap
  while kill -0 "$BENCH_GATEWAY_PID" 2>/dev/null; do
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$BENCH_GATEWAY_PID/status" 2>/dev/null || true)
    heap=$(curl -s --max-time 2 "$BENCH_BASE/actuator/prometheus" 2>/dev/null \
      | awk '/^jvm_memory_used_bytes\{/ && /area="heap"/ {s += $NF} END {printf "%d", s}' || true)
    echo "$(date +%s.%N) ${rss:-0} ${heap:-0}"
    sleep 1
  done
}

# completions FILE: completes every prepared session of FILE with wrk (each code once), then ends wrk.
# The rate comes from PostgreSQL: completions over the span of their completed_at times, since wrk's
# own duration would include the idle tail after the last code was spent.
completions() {
  local file=$1 kind=$2 count since wrk_pid done_n line
  count=$(wc -l <"$file")
  settle
  since=$(psql -At -d "$db" -c "SELECT now()")
  export BENCH_SESSIONS=$file BENCH_WRK_THREADS
  BENCH_WRK_THREADS=$(bench_wrk_threads "$main_clients")
  window_begin
  # wrk itself, not a subshell around it, must get the SIGINT that ends it (with its report).
  wrk -t"$BENCH_WRK_THREADS" -c"$main_clients" -d$((secs * 10 + 60))s --latency -s "$here/checkout-complete.lua" \
    "$BENCH_BASE" >"$work/complete.out" &
  wrk_pid=$!
  # Done when every code is spent, or when all but at most one per connection are and nothing has moved
  # for a second: wrk may have drawn a connection's next line when its thread stopped, never sending it.
  local last=-1 still=0
  while kill -0 "$wrk_pid" 2>/dev/null; do
    done_n=$(psql -At -d "$db" -c "SELECT count(*) FROM checkout_sessions WHERE completed_at >= '$since'")
    if [ "$done_n" = "$last" ]; then still=$((still + 1)); else still=0; last=$done_n; fi
    if [ "$done_n" -ge "$count" ] || { [ "$done_n" -ge $((count - main_clients)) ] && [ "$still" -ge 4 ]; }; then
      kill -INT "$wrk_pid" 2>/dev/null || true
      break
    fi
    sleep 0.25
  done
  wait "$wrk_pid" || true
  read -r done_n span < <(psql -At -F ' ' -d "$db" -c "SELECT count(*), extract(epoch FROM max(completed_at) - min(completed_at))
                                                   FROM checkout_sessions WHERE completed_at >= '$since'")
  completion_rate=$(python3 -c "print(round(($done_n - 1) / ${span:-0}, 1) if ${span:-0} > 0 else 0)")
  [ "$kind" = measure ] || return 0
  line=$(grep '^BENCH ' "$work/complete.out")
  echo "  completed $done_n of $count sessions in ${span:-0}s; wrk: ${line#BENCH }"
  echo "kind=complete clients=$main_clients tokens=- prepared=$count completed=$done_n span_s=${span:-0}" \
    "rps=$completion_rate" \
    "$(sed -E 's/ rps=[^ ]+//; s/^BENCH //' <<<"$line") $(window_end)" >>"$results"
}

# --- the run ----------------------------------------------------------------------------------------

# The gateway's pool, pgbench's clients and the seeders all need connections of the shared server.
pool=${BENCH_DB_POOL:-20}
max_clients=$(tr ' ' '\n' <<<"$clients_list" | sort -n | tail -1)
free=$(psql -At -d postgres -c "SELECT current_setting('max_connections')::int
    - current_setting('superuser_reserved_connections')::int - count(*) FROM pg_stat_activity")
if [ "$free" -lt $((pool + max_clients + 4)) ]; then
  echo "warning: PostgreSQL has $free free connections; the gateway's pool ($pool) and the baseline at $max_clients" \
       "clients need $((pool + max_clients + 4)): some baselines may fail (BENCH_DB_POOL, BENCH_CLIENTS_LIST)" >&2
fi
echo "free_connections=$free" >>"$work/run.txt"

bench_fresh_db "$db"
# Many checkouts come from this one address in minutes: lift the card-testing limit per address. The
# codes must outlive the preparation of all sessions.
bench_start_gateway "$BENCH_JAR" "$db" "$port" "$heap" "$work" \
  --tokengate.checkout.client-max-attempts=100000000 --tokengate.checkout.code-lifetime=2h \
  --spring.datasource.hikari.maximum-pool-size="$pool"
sample_memory >"$work/memory.txt" &
sampler_pid=$!
merchant=$(bench_create_merchant "Bench suite shop")
export BENCH_SECRET
BENCH_SECRET=$(bench_issue_key "$merchant" '"charges:write","charges:read","tokens:read","checkout:write"')

echo "seeding $small tokens ($per_card per card)"
bench_seed_tokens "$db" "$merchant" "$small" "$per_card" 0 "$work/tokens-small.txt" "$work"
export BENCH_TOKENS="$work/tokens-small.txt"

echo "warm-up: charges ${warmup}s, lookups $((warmup / 3 + 1))s"
bench_wrk "$main_clients" "$warmup" "$here/charge-bench.lua" >/dev/null
# Until the JIT has compiled the charge path (bench/lib.sh): otherwise the first windows measure the
# compilers as much as the gateway.
if [ "$quick" != 1 ]; then bench_warm_until_compiled "$main_clients" "$here/charge-bench.lua"; fi
bench_wrk "$main_clients" $((warmup / 3 + 1)) "$here/token-lookup.lua" >/dev/null

for c in $clients_list; do
  measure charge "$here/charge-bench.lua" "$c" "$small"
  measure lookup "$here/token-lookup.lua" "$c" "$small"
  baseline "$c" small
done

echo "preparing $warm_sessions checkout sessions through the hosted page, completing them to warm up"
prep_t0=$(date +%s.%N)
python3 "$here/checkout-sessions.py" "$BENCH_BASE" "$warm_sessions" 8 0 >"$work/sessions-warm.txt"
prep_s=$(python3 -c "print($(date +%s.%N) - $prep_t0)")
completions "$work/sessions-warm.txt" warm
if [ "$sessions_n" = auto ]; then
  # Each code works once: prepare about one window's worth at three times the warm-up's rate (a cold
  # JIT's rate, a third or less of the warm one); a shorter window is still measured right.
  sessions_n=$(python3 -c "print(max(200, int(3 * $completion_rate * $secs)))")
fi
echo "preparing $sessions_n more sessions"
prep_t0=$(date +%s.%N)
python3 "$here/checkout-sessions.py" "$BENCH_BASE" "$sessions_n" 8 "$warm_sessions" >"$work/sessions.txt"
echo "prepare_s=$(python3 -c "print(round($(date +%s.%N) - $prep_t0 + $prep_s, 1))")" \
  "prepared=$((warm_sessions + sessions_n))" >>"$work/run.txt"
echo "measuring checkout completions: $main_clients clients, $sessions_n sessions"
completions "$work/sessions.txt" measure

first_card=$(((small + per_card - 1) / per_card))
echo "seeding $((large - small)) more tokens (to $large)"
seed_t0=$(date +%s)
cp "$work/tokens-small.txt" "$work/tokens-all.txt"
bench_seed_tokens "$db" "$merchant" $((large - small)) "$per_card" "$first_card" "$work/tokens-all.txt" "$work"
echo "seed_large_s=$(($(date +%s) - seed_t0))" >>"$work/run.txt"
# A uniform sample of all the stored tokens keeps wrk's memory small; it still touches the whole index.
shuf -n 200000 "$work/tokens-all.txt" >"$work/tokens-large.txt"
export BENCH_TOKENS="$work/tokens-large.txt"
bench_wrk "$main_clients" $((warmup / 3 + 1)) "$here/charge-bench.lua" >/dev/null
measure charge "$here/charge-bench.lua" "$main_clients" "$large"
measure lookup "$here/token-lookup.lua" "$main_clients" "$large"
baseline "$main_clients" large

echo "gateway_vmhwm_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$BENCH_GATEWAY_PID/status")" >>"$work/run.txt"
echo "charges=$(psql -At -d "$db" -c "SELECT count(*) FILTER (WHERE status = 'captured') || '/' || count(*) FROM charges")" >>"$work/run.txt"
bench_stop_gateway
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=

echo "vault JMH: $jmh_opts"
# shellcheck disable=SC2086 # the options are meant to split
"$bench_java" -jar "$jmh_jar" $jmh_opts -rf json -rff "$work/jmh.json" >"$work/jmh.txt" 2>&1 \
  || { tail -30 "$work/jmh.txt"; exit 1; }

echo "elapsed_s=$(($(date +%s) - started))" >>"$work/run.txt"
python3 "$here/suite-report.py" "$work" "$doc" \
  "quick=$quick" "pool=$pool" "secs=$secs" "warmup=$warmup" "jit_warmup=${BENCH_WARMED_S:-}" "jit_share=${BENCH_JIT_SHARE:-}" "heap=$heap" "jmh_opts=$jmh_opts" "main_clients=$main_clients" \
  "small=$small" "large=$large" "per_card=$per_card" "java=$bench_java" "repo=$repo"
