#!/usr/bin/env bash
# A/B comparison of gateway builds on the charge benchmark: runs bench/charge-bench.sh for each
# jar in turn, alternating over rounds, so machine drift hits every build alike. One line per run:
# rate, p99, the baseline of that run, both ratios and the CPU per charge (JVM, PostgreSQL).
#
# Usage: bench/charge-ab.sh ROUNDS LABEL=JAR [LABEL=JAR...]
#   e.g. bench/charge-ab.sh 3 before=/tmp/before.jar after=gateway-service/target/tokengate-gateway-service-0.1.0-SNAPSHOT.jar
# Env: AB_SECONDS (default 15) per measured run, BENCH_WARMUP (default 20), BENCH_CLIENTS (16);
# every other BENCH_* variable of charge-bench.sh applies. Full outputs go to AB_OUT (default a
# fresh directory under /tmp). Build a "before" jar from another commit with a git worktree:
#   git worktree add /tmp/before <commit> && (cd /tmp/before && mvn -q -pl gateway-service -am package -DskipTests)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=${1:?usage: charge-ab.sh ROUNDS LABEL=JAR...}
shift
out=${AB_OUT:-$(mktemp -d /tmp/charge-ab.XXXXXX)}
export BENCH_WARMUP=${BENCH_WARMUP:-20}
field() { sed -nE "s/^$1 *(.*)$/\\1/p" "$2" | head -1; }
mkdir -p "$out"
echo "outputs in $out"
for round in $(seq 1 "$rounds"); do
  for spec in "$@"; do
    label=${spec%%=*}
    log="$out/$label-$round.txt"
    JAR=${spec#*=} "$here/charge-bench.sh" "${BENCH_CLIENTS:-16}" "${AB_SECONDS:-15}" >"$log" 2>&1 \
      || { echo "round $round $label: FAILED (see $log)"; continue; }
    echo "round $round $label: $(field 'gateway rate:' "$log" | cut -d' ' -f1) charges/s," \
      "p99 $(field 'gateway p50\/p99:' "$log" | sed 's/.*\/ //')," \
      "baseline $(field 'baseline rate:' "$log" | cut -d' ' -f1) tps, ratio $(field 'ratio:' "$log" | cut -d' ' -f1)," \
      "CPU ratio $(field 'CPU ratio:' "$log" | cut -d' ' -f1); CPU per charge $(field 'CPU per charge:' "$log")" \
      "(load $(cut -d' ' -f1 /proc/loadavg))"
  done
done
