#!/usr/bin/env bash
# Hooks that bench/rotation-charge-bench.sh hands to bench/charge-bench.sh (which exports
# BENCH_BASE, BENCH_DB, BENCH_JAR, BENCH_WORK, BENCH_MERCHANT, BENCH_OPS_USER/PASSWORD,
# BENCH_KEYSTORE/_PASSWORD and PG*):
#   seed N    seed N cards with real sealed blobs for the bench merchant (bench/SeedCards.java)
#   without   measure charges for BENCH_SECS with BENCH_CLIENTS (as charge-bench's measured run) first
#   mark      remember the WAL position;  wal: print the WAL written since (the whole server's)
#   rotate    POST /ops/keys/rotate and remember the rotation
#   report    print the rotation's progress; say whether it was still running (it should be)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
ops() { bench_ops "$@"; }
progress() {
  python3 -c "import json,sys; d=json.load(sys.stdin); print('rotation %s %s: cards %d/%d, tokens %d/%d' % (
      d['id'], d['status'], d['cards_rewrapped'], d['cards_total'], d['tokens_rewrapped'], d['tokens_total']))"
}
case "$1" in
  seed)
    "$bench_java" -cp "$(bench_jar_libs "$BENCH_WORK")/*" "$here/SeedCards.java" seed \
      "jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB?user=$PGUSER&password=$PGPASSWORD" \
      "$BENCH_KEYSTORE" "$BENCH_KEYSTORE_PASSWORD" "$BENCH_MERCHANT" "$2" | tail -1
    psql -q -d "$BENCH_DB" -c "VACUUM ANALYZE cards" -c "VACUUM ANALYZE tokens" >/dev/null
    ;;
  without)
    # The reference window: the same load as charge-bench's measured run, right before the rotation.
    echo "measuring POST /v1/charges without a rotation: ${BENCH_CLIENTS:-16} clients, ${BENCH_SECS:-20}s"
    wrk -t2 -c"${BENCH_CLIENTS:-16}" -d"${BENCH_SECS:-20}s" --latency -s "$here/charge-bench.lua" "$BENCH_BASE" \
      | grep '^BENCH ' | sed 's/^BENCH /WITHOUT /'
    ;;
  mark)
    psql -At -d "$BENCH_DB" -c "SELECT pg_current_wal_lsn()" >"$BENCH_WORK/wal-mark"
    ;;
  wal)
    psql -At -d "$BENCH_DB" -c "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$(cat "$BENCH_WORK/wal-mark")') / 1048576)" \
      | sed 's/^/WAL written by the whole server during the measured window (MiB): /'
    ;;
  rotate)
    echo "load before rotating: $(cut -d' ' -f1-3 /proc/loadavg)"
    ops -X POST "$BENCH_BASE/ops/keys/rotate" | tee "$BENCH_WORK/rotation.json" | progress
    ;;
  report)
    id=$(python3 -c "import json; print(json.load(open('$BENCH_WORK/rotation.json'))['id'])")
    state=$(ops "$BENCH_BASE/ops/keys/rotations/$id")
    progress <<<"$state"
    if grep -q '"status":"completed"' <<<"$state"; then
      echo "WARNING: the re-wrap completed before the measured window ended; seed more cards"
    else
      echo "the re-wrap ran during the whole measured window"
    fi
    ;;
  *) echo "usage: $0 seed N | without | mark | wal | rotate | report" >&2; exit 2 ;;
esac
