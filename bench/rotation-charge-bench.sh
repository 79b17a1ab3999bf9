#!/usr/bin/env bash
# Charge throughput during a key rotation against the figure without one, measured back to back in
# one gateway run so the shared machine's background load hits both alike: bench/charge-bench.sh
# on a database that also holds N seeded cards (default 1,000,000, so the re-wrap outlasts the
# window); after its warm-up, one window of charges without a rotation, then POST /ops/keys/rotate
# and charge-bench's own measured window while the re-wrap runs. Repeats R times (default 3) and
# prints every pair and the median ratio. Not part of `mvn verify`.
#
# Usage: bench/rotation-charge-bench.sh [cards=1000000] [clients=16] [seconds=20] [repeats=3]
# The gateway's re-wrap settings come from the environment as usual (TOKENGATE_REWRAP_*).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cards=${1:-1000000}
export BENCH_CLIENTS=${2:-16} BENCH_SECS=${3:-20}
repeats=${4:-3}
out=$(mktemp -d /tmp/rotation-charge-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT

for r in $(seq 1 "$repeats"); do
  echo "== run $r ($(cut -d' ' -f1-3 /proc/loadavg)) =="
  BENCH_SETUP_HOOK="$here/rotation-hooks.sh seed $cards" \
  BENCH_MEASURE_HOOK="$here/rotation-hooks.sh without && $here/rotation-hooks.sh mark && $here/rotation-hooks.sh rotate" \
  BENCH_AFTER_HOOK="$here/rotation-hooks.sh wal && $here/rotation-hooks.sh report" \
    "$here/charge-bench.sh" "$BENCH_CLIENTS" "$BENCH_SECS" 2>&1 | tee "$out/run$r.txt"
done

echo
echo "== Charge throughput during a key rotation ($cards cards, $BENCH_CLIENTS clients, ${BENCH_SECS}s windows) =="
python3 - "$out" "$repeats" <<'PY'
import re, sys, statistics
out, repeats = sys.argv[1], int(sys.argv[2])
ratios = []
for r in range(1, repeats + 1):
    text = open(f"{out}/run{r}.txt").read()
    field = lambda line, k: float(re.search(k + r"=([0-9.]+)", line).group(1))
    without = re.search(r"^WITHOUT .*$", text, re.M).group(0)
    during = re.search(r"^BENCH .*$", text, re.M).group(0)
    rows = re.findall(r"^rotation rot_\S+ (\S+): cards (\d+)/", text, re.M)
    wr, dr = field(without, "rps"), field(during, "rps")
    ratios.append(dr / wr)
    print(f"run {r}: without {wr:.1f}/s (p50 {field(without, 'p50_ms'):.1f} ms, p99 {field(without, 'p99_ms'):.1f} ms), "
          f"during {dr:.1f}/s (p50 {field(during, 'p50_ms'):.1f} ms, p99 {field(during, 'p99_ms'):.1f} ms), "
          f"ratio {dr / wr:.2f}; cards re-wrapped in the window {rows[-1][1] if rows else '?'}, "
          f"still {rows[-1][0] if rows else '?'}")
print(f"median ratio: {statistics.median(ratios):.2f} (target >= 0.80)")
PY
