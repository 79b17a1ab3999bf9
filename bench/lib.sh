# Shared pieces of the bench scripts; sourced, never run. PostgreSQL connection defaults, the
# gateway jar, a gateway on a fresh database, the ops API (merchants, keys, imported cards), wrk
# runs and the machine's description. Every function prefixes its name with bench_.
#
# Needs: a JDK (JAVA_HOME or java on PATH), Maven (only to build a missing jar), psql, curl, python3.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_repo=$(cd "$bench_dir/.." && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-tokengate} PGPASSWORD=${PGPASSWORD:-tokengate}
bench_java=${JAVA_HOME:+$JAVA_HOME/bin/}java
BENCH_GATEWAY_PID=
BENCH_KEYSTORE_PASSWORD=bench-keystore-password

# The gateway jar (JAR overrides): built when missing; with "fresh", also rebuilt when a source or
# pom of vault, db or gateway-service is newer than the jar, so a suite never measures stale code.
bench_jar() {
  local jar
  jar=${JAR:-$(ls "$bench_repo"/gateway-service/target/tokengate-gateway-service-*.jar 2>/dev/null | grep -v -e plain -e -lib | head -1 || true)}
  if [ -z "${JAR:-}" ] && { [ -z "$jar" ] || { [ "${1:-}" = fresh ] && [ -n "$(find "$bench_repo"/pom.xml \
      "$bench_repo"/vault/pom.xml "$bench_repo"/vault/src/main "$bench_repo"/db/pom.xml "$bench_repo"/db/src \
      "$bench_repo"/gateway-service/pom.xml \
      "$bench_repo"/gateway-service/src/main -newer "$jar" -type f 2>/dev/null | head -1)" ]; }; }; then
    echo "building the gateway jar" >&2
    (cd "$bench_repo" && mvn -B -q -ntp -pl gateway-service -am package -DskipTests) >&2
    jar=$(ls "$bench_repo"/gateway-service/target/tokengate-gateway-service-*.jar | grep -v -e plain -e -lib | head -1)
  fi
  echo "$jar"
}

bench_fresh_db() {
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $1" >/dev/null
  psql -q -d postgres -c "CREATE DATABASE $1" >/dev/null
}

bench_drop_db() {
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1 || true
}

# bench_restore DB DUMP OWNER: DB afresh, owned by OWNER, from a pg_dump -Fc file (run as a superuser).
bench_restore() {
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1 OWNER $3"
  pg_restore -d "$1" --no-owner --role="$3" "$2"
}

# bench_tok_list DB MERCHANT [USER]: (re)creates tok_list (n -> lookup hash of each of the merchant's
# tokens), from which the pgbench scripts of a charge pick tokens, as USER (default PGUSER), and
# analyzes the database; prints the number of rows.
bench_tok_list() {
  psql ${3:+-U "$3"} -q -d "$1" -c "DROP TABLE IF EXISTS tok_list" \
    -c "CREATE TABLE tok_list AS SELECT row_number() OVER (ORDER BY id) AS n, lookup_hash AS hash FROM tokens WHERE merchant_id = '$2'" \
    -c "CREATE UNIQUE INDEX ON tok_list (n)" -c "ANALYZE" >/dev/null
  psql -At -d "$1" -c "SELECT count(*) FROM tok_list"
}

# bench_pg_reaped_ticks [PIDFILE]: CPU ticks of the PostgreSQL backends that have exited (the
# postmaster's cutime + cstime); a backend's CPU counts once its session has ended.
bench_pg_reaped_ticks() {
  awk '{print $16 + $17}' "/proc/$(head -1 "${1:-$(ls /var/lib/postgresql/*/main/postmaster.pid | head -1)}")/stat"
}

# bench_start_gateway JAR DB PORT HEAP WORKDIR [gateway args...]: starts the jar on DB with a key
# store in WORKDIR and an ops admin "bench" (password in BENCH_OPS_PASSWORD), waits until the ops API
# answers. Sets BENCH_GATEWAY_PID, BENCH_BASE, BENCH_KEYSTORE; the log is WORKDIR/gateway.log.
bench_start_gateway() {
  local jar=$1 db=$2 port=$3 heap=$4 work=$5
  shift 5
  BENCH_BASE="http://127.0.0.1:$port"
  BENCH_KEYSTORE="$work/keys.bcfks"
  BENCH_OPS_USER=bench
  BENCH_OPS_PASSWORD=${BENCH_OPS_PASSWORD:-bench-admin-$RANDOM$RANDOM}
  if curl -s -o /dev/null "$BENCH_BASE/actuator/health"; then
    echo "port $port is in use (another gateway?); set BENCH_PORT" >&2
    return 1
  fi
  echo "starting gateway ($jar, -Xmx$heap) on port $port"
  TOKENGATE_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" TOKENGATE_DB_USER="$PGUSER" TOKENGATE_DB_PASSWORD="$PGPASSWORD" \
  TOKENGATE_KEYSTORE_PATH="$BENCH_KEYSTORE" TOKENGATE_KEYSTORE_PASSWORD="$BENCH_KEYSTORE_PASSWORD" PORT=$port \
    "$bench_java" -Xmx"$heap" -jar "$jar" \
      --tokengate.ops.bootstrap-admin.username="$BENCH_OPS_USER" --tokengate.ops.bootstrap-admin.password="$BENCH_OPS_PASSWORD" \
      --tokengate.acquirer.simulator.delay=0s --logging.level.root=WARN "$@" >"$work/gateway.log" 2>&1 &
  BENCH_GATEWAY_PID=$!
  local _
  for _ in $(seq 1 120); do
    curl -fs "$BENCH_BASE/actuator/health" >/dev/null 2>&1 && break
    kill -0 "$BENCH_GATEWAY_PID" 2>/dev/null || { cat "$work/gateway.log"; return 1; }
    sleep 1
  done
  curl -fs "$BENCH_BASE/actuator/health" >/dev/null
  # The first admin is created once the application is ready, a moment after health answers.
  for _ in $(seq 1 30); do bench_ops "$BENCH_BASE/ops/users" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "the ops API did not accept the bootstrap admin" >&2
  return 1
}

bench_stop_gateway() {
  if [ -n "$BENCH_GATEWAY_PID" ]; then
    kill "$BENCH_GATEWAY_PID" 2>/dev/null || true
    wait "$BENCH_GATEWAY_PID" 2>/dev/null || true
    BENCH_GATEWAY_PID=
  fi
}

bench_ops() { curl -fsS -u "$BENCH_OPS_USER:$BENCH_OPS_PASSWORD" -H 'Content-Type: application/json' "$@"; }
bench_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# A merchant that may charge EUR without caps, also without the shopper present; prints its id.
bench_create_merchant() {
  local merchant
  merchant=$(bench_ops -X POST "$BENCH_BASE/ops/merchants" \
    -d "{\"name\":\"$1\",\"return_origins\":[\"https://shop.example\"]}" | bench_field id)
  bench_ops -X PUT "$BENCH_BASE/ops/merchants/$merchant/acl" \
    -d '{"allowed_cidrs":[],"merchant_initiated_allowed":true,"currencies":[{"currency":"EUR"}]}' >/dev/null
  echo "$merchant"
}

# bench_issue_key MERCHANT '"scope",...': prints the new key's secret.
bench_issue_key() {
  bench_ops -X POST "$BENCH_BASE/ops/merchants/$1/keys" -d "{\"scopes\":[$2]}" | bench_field secret
}

# bench_pans N: N distinct Visa numbers (valid Luhn), so tokens sit on distinct vaulted cards.
bench_pans() { python3 "$bench_dir/pans.py" "$1" 424242; }

# bench_import_cards MERCHANT PANS_FILE: imports each card through the ops API, prints the tokens.
bench_import_cards() {
  local pan
  while read -r pan; do
    bench_ops -X POST "$BENCH_BASE/ops/merchants/$1/cards" \
      -d "{\"number\":\"$pan\",\"exp_month\":12,\"exp_year\":2034,\"cardholder_name\":\"Bench\"}" | bench_field token
  done <"$2"
}

# bench_jar_libs WORKDIR: the libraries inside BENCH_JAR, unpacked once into WORKDIR/lib; prints that
# directory. Seeders run as single-file programs on them, against exactly the vault the gateway runs.
bench_jar_libs() {
  local lib="$1/lib"
  if [ ! -d "$lib" ]; then
    mkdir -p "$lib"
    (cd "$lib" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" xf "$BENCH_JAR" BOOT-INF/lib && mv BOOT-INF/lib/* . && rmdir -p BOOT-INF/lib)
  fi
  echo "$lib"
}

# bench_seed_tokens DB MERCHANT TOKENS PER_CARD FIRST_CARD VALUES_FILE WORKDIR: seeds TOKENS real
# tokens with COPY through ContainmentSeeder (gateway-service test sources), run as a single-file
# program on the gateway jar's libraries (no Maven needed); appends the token values to VALUES_FILE.
bench_seed_tokens() {
  local db=$1 merchant=$2 tokens=$3 per_card=$4 first_card=$5 values=$6 work=$7
  "$bench_java" -cp "$(bench_jar_libs "$work")/*" "$bench_repo/gateway-service/src/test/java/io/tokengate/gateway/bench/ContainmentSeeder.java" \
    "jdbc:postgresql://$PGHOST:$PGPORT/$db" "$PGUSER" "$PGPASSWORD" "$BENCH_KEYSTORE" "$BENCH_KEYSTORE_PASSWORD" \
    "$merchant" "$tokens" "$per_card" "$values" "$first_card"
  psql -q -d "$db" -c "VACUUM ANALYZE cards" -c "VACUUM ANALYZE tokens"
}

# wrk's thread count for CLIENTS connections: two (the machine's cores), never more than connections.
bench_wrk_threads() { if [ "$1" -lt 2 ]; then echo 1; else echo 2; fi; }

# bench_wrk CLIENTS SECONDS SCRIPT [wrk options...]: runs wrk against BENCH_BASE and prints its
# output; the script's done() prints the one "BENCH key=value ..." line the scripts parse.
bench_wrk() {
  local clients=$1 secs=$2 script=$3
  shift 3
  wrk -t"$(bench_wrk_threads "$clients")" -c"$clients" -d"${secs}s" "$@" -s "$script" "$BENCH_BASE"
}

# bench_kv LINE KEY: the value of key=value in a "BENCH ..." line.
bench_kv() { sed -nE "s/.*[ ]$2=([^ ]+).*/\1/p" <<<"$1"; }

bench_machine() {
  echo "machine:        $(nproc) CPU, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "postgres:       $(psql -At -d postgres -c 'SHOW server_version'), synchronous_commit=$(psql -At -d postgres -c 'SHOW synchronous_commit')"
}

# bench_cpu_snapshot FILE [PID]: CPU time consumed so far, in clock ticks, by PostgreSQL (every
# postgres process, plus the exited backends the postmaster has reaped), by process PID (the
# gateway) when given, and by the clients this script ran and waited for (wrk, pgbench, psql: the
# children's time of the calling script). Two snapshots around a run, read by bench_cpu_per_op, give
# CPU per operation: a figure that, unlike the rate, hardly depends on what else the shared machine
# runs meanwhile (other processes are not counted).
bench_cpu_snapshot() {
  python3 - "$1" "${2:-}" "$$" <<'PY'
import json, os, sys
def fields(pid):
    s = open(f"/proc/{pid}/stat").read()
    return s[s.index("(") + 1:s.rindex(")")], s[s.rindex(")") + 2:].split()
def own(f):
    return int(f[11]) + int(f[12])        # utime + stime
def reaped(f):
    return int(f[13]) + int(f[14])        # cutime + cstime: children waited for
out = {"postgres": 0, "gateway": 0, "clients": 0}
for p in os.listdir("/proc"):
    if p.isdigit():
        try:
            comm, f = fields(p)
        except OSError:
            continue
        if comm.startswith("postgres"):
            out["postgres"] += own(f) + reaped(f)
if sys.argv[2]:
    out["gateway"] = own(fields(sys.argv[2])[1])
out["clients"] = reaped(fields(sys.argv[3])[1])
json.dump(out, open(sys.argv[1], "w"))
PY
}

# bench_cpu_per_op BEFORE AFTER OPERATIONS KEYS: milliseconds of CPU per operation between two
# snapshots, summed over KEYS (comma-separated: postgres, gateway, clients).
bench_cpu_per_op() {
  python3 - "$@" <<'PY'
import json, os, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ticks = sum(b[k] - a[k] for k in sys.argv[4].split(","))
print("%.2f" % (ticks * 1000.0 / os.sysconf("SC_CLK_TCK") / float(sys.argv[3])))
PY
}

# bench_jit_ticks PID: "<ticks of the JIT compiler threads> <ticks of the whole process>".
bench_jit_ticks() {
  python3 - "$1" <<'PY'
import os, sys
pid, jit, total = sys.argv[1], 0, 0
for t in os.listdir(f"/proc/{pid}/task"):
    try:
        s = open(f"/proc/{pid}/task/{t}/stat").read()
    except OSError:
        continue
    f = s[s.rindex(")") + 2:].split()
    ticks = int(f[11]) + int(f[12])
    total += ticks
    if s[s.index("(") + 1:s.rindex(")")].startswith(("C1 CompilerThre", "C2 CompilerThre")):
        jit += ticks
print(jit, total)
PY
}

# bench_warm_until_compiled CLIENTS SCRIPT: after the fixed warm-up, goes on loading the gateway in
# 15 s rounds while its JIT compiler threads still take more than BENCH_JIT_SETTLED per cent
# (default 3) of its CPU, for at most BENCH_WARMUP_MAX seconds more (default 300). On two cores a
# Spring application's C2 compilations run for minutes under load, and a window measured meanwhile
# pays for them: a long-running gateway does not. Prints each round's share; sets BENCH_WARMED_S
# (the extra seconds) and BENCH_JIT_SHARE (the last round's share).
bench_warm_until_compiled() {
  local clients=$1 script=$2 settled=${BENCH_JIT_SETTLED:-3} max=${BENCH_WARMUP_MAX:-300}
  local before after
  BENCH_WARMED_S=0
  BENCH_JIT_SHARE=
  while [ "$BENCH_WARMED_S" -lt "$max" ]; do
    before=$(bench_jit_ticks "$BENCH_GATEWAY_PID")
    bench_wrk "$clients" 15 "$script" >/dev/null
    after=$(bench_jit_ticks "$BENCH_GATEWAY_PID")
    BENCH_WARMED_S=$((BENCH_WARMED_S + 15))
    BENCH_JIT_SHARE=$(python3 -c "import sys; a, b = '$before'.split(), '$after'.split(); \
d = int(b[1]) - int(a[1]); print('%.1f' % (100.0 * (int(b[0]) - int(a[0])) / d if d else 0))")
    echo "warm-up +${BENCH_WARMED_S}s: JIT compilers ${BENCH_JIT_SHARE} % of the gateway's CPU"
    python3 -c "import sys; sys.exit(0 if $BENCH_JIT_SHARE <= $settled else 1)" && break
  done
  return 0 # not settled within BENCH_WARMUP_MAX: measure anyway (the share is printed above)
}
