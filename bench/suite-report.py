#!/usr/bin/env python3
"""Turns one bench/suite.sh run (its work directory) into the "Benchmark suite" results: Markdown
written into DOC between the bench-suite markers, everything outside them kept. DOC "-" prints it.

Usage: suite-report.py WORKDIR DOC key=value...  (the run's settings, passed by suite.sh)
WORKDIR holds run.txt (key=value lines), results.txt (one "key=value ..." line per window),
memory.txt ("epoch rss_kb heap_bytes" each second) and jmh.json (JMH's JSON result).
"""
import datetime
import json
import os
import re
import subprocess
import sys

BEGIN = "<!-- bench-suite:begin -->"
END = "<!-- bench-suite:end -->"
PG_SETTINGS = ["shared_buffers", "effective_cache_size", "work_mem", "max_connections", "synchronous_commit", "fsync",
               "wal_level", "max_wal_size", "checkpoint_timeout", "autovacuum"]


def kv(text):
    return dict(m.groups() for m in re.finditer(r"(\w+)=(\S+)", text))


def run(*cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (out.stdout + out.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def machine(settings):
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    flags = next((line for line in open("/proc/cpuinfo") if line.startswith("flags")), "")
    mem_kb = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")))
    pg = run("psql", "-At", "-d", "postgres", "-c", "SELECT version()")
    pg_version = pg.split(" on ")[0] if pg != "?" else "?"
    pg_set = run("psql", "-At", "-F", "=", "-d", "postgres", "-c",
                 "SELECT name, current_setting(name) FROM pg_settings WHERE name IN ("
                 + ",".join(f"'{s}'" for s in PG_SETTINGS) + ") ORDER BY name").replace("\n", ", ")
    jdk = run(settings["java"], "-version").splitlines()
    wrk = run("wrk", "--version").splitlines()[0].split(" Copyright")[0]
    head = run("git", "-C", settings["repo"], "rev-parse", "--short", "HEAD")
    dirty = run("git", "-C", settings["repo"], "status", "--porcelain", "--untracked-files=no")
    return [
        f"CPU: {cpu}, {os.cpu_count()} cores (`nproc`), AES-NI {'yes' if ' aes' in flags else 'no'}; "
        f"RAM {mem_kb / 1048576:.1f} GiB; kernel {os.uname().release}",
        f"PostgreSQL: {pg_version} at {os.environ.get('PGHOST', '?')}:{os.environ.get('PGPORT', '?')}, same machine; {pg_set}",
        f"JDK: {jdk[1] if len(jdk) > 1 else jdk[0]}; gateway -Xmx{settings['heap']}, default GC, "
        f"database pool {settings['pool']}, simulator delay 0; load generator {wrk}, on the same cores",
        f"Code: commit {head}{' with local changes' if dirty else ''}",
    ]


def peak(samples, t0, t1, col):
    values = [s[col] for s in samples if t0 - 0.5 <= s[0] <= t1 + 0.5]
    return max(values) if values else None


def mib(value, scale):
    return "—" if value is None else f"{value / scale:.0f}"


def fmt(value, digits=1):
    return "—" if value is None else f"{value:,.{digits}f}"


def main():
    work, doc = sys.argv[1], sys.argv[2]
    settings = dict(a.split("=", 1) for a in sys.argv[3:])
    info = {}
    for line in open(f"{work}/run.txt"):
        info.update(kv(line))
    rows = [kv(line) for line in open(f"{work}/results.txt") if line.strip()]
    samples = []
    for line in open(f"{work}/memory.txt"):
        parts = line.split()
        if len(parts) == 3:
            samples.append((float(parts[0]), int(parts[1]), int(parts[2])))
    jmh = json.load(open(f"{work}/jmh.json"))
    quick = settings["quick"] == "1"
    main_clients = settings["main_clients"]
    small, large = int(settings["small"]), int(settings["large"])

    def base(clients, phase="small"):
        for r in rows:
            if r["kind"] == "baseline" and r["clients"] == str(clients) and r["phase"] == phase:
                return (float(r["tps"]) or None), r  # 0: pgbench could not run (e.g. no free connections)
        return None, None

    def find(kind, clients, tokens):
        return next((r for r in rows if r["kind"] == kind and r["clients"] == str(clients)
                     and r["tokens"] == str(tokens)), None)

    def ratio(r, b):
        return f"{float(r['rps']) / b:.2f}" if b else "—"

    def mem(r):
        t0, t1 = float(r["t0"]), float(r["t1"])
        return mib(peak(samples, t0, t1, 1), 1024), mib(peak(samples, t0, t1, 2), 1048576)

    load_before = float(info["load_before"])
    cores = os.cpu_count() or 1
    out = [BEGIN, ""]
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out.append(f"**Last run**: {stamp}, {'`BENCH_QUICK=1` (a check of the script: short windows, figures mean little)' if quick else 'full run'}, "
               f"{int(info['elapsed_s']) // 60} min {int(info['elapsed_s']) % 60} s; windows of {settings['secs']} s after "
               f"{settings['warmup']} s of warm-up" + (f" and {settings['jit_warmup']} s more until the JIT compilers took "
               f"{settings['jit_share']} % of the gateway's CPU" if settings.get('jit_warmup') else "") + ".")
    if load_before >= cores / 2:
        out.append("")
        out.append(f"**Measured on a loaded machine**: the load average was {load_before:.1f} on {cores} cores before the "
                   "suite started (other work on the machine), so these figures are lower and noisier than a quiet "
                   "machine's. Each row records the 1-minute load average at its end (which includes the benchmark itself) "
                   "and the CPU time the hypervisor stole during it.")
    out.append("")
    out.extend(f"- {line}" for line in machine(settings))
    out.append("")

    # The main table: every workload at the main concurrency.
    out.append(f"#### Under load ({main_clients} clients)")
    out.append("")
    out.append("| Workload | Stored tokens | Throughput (/s) | p50 (ms) | p99 (ms) | Errors | Baseline (tps) | Ratio to baseline "
               "| Peak RSS (MiB) | Peak heap used (MiB) | Load (1 min) | Steal |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    order = [("charge", small, "small", "Charge authorization `POST /v1/charges`"),
             ("lookup", small, "small", "Token lookup `GET /v1/tokens/{token}`"),
             ("complete", "-", "small", "Checkout completion `POST /v1/checkout/sessions/{id}/complete`"),
             ("charge", large, "large", "Charge authorization"),
             ("lookup", large, "large", "Token lookup")]
    for kind, tokens, phase, label in order:
        r = find(kind, main_clients, tokens)
        if not r:
            continue
        b, _ = base(main_clients, phase)
        rss, heap = mem(r)
        stored = f"{small:,}" if tokens == "-" else f"{int(tokens):,}"
        rps = float(r["rps"])
        errors = r["errors"] + (f" ({r['completed']}/{r['prepared']} completed)" if kind == "complete" else "")
        out.append(f"| {label} | {stored} | **{fmt(rps)}** | {fmt(float(r['p50_ms']), 2)} | {fmt(float(r['p99_ms']), 2)} "
                   f"| {errors} | {fmt(b) if b else 'failed'} | {ratio(r, b)} | {rss} | {heap} | {r['load']} "
                   f"| {r['steal_pct']} % |")
    for phase in ("small", "large"):
        b, r = base(main_clients, phase)
        if r and not b:
            out.append(f"| PostgreSQL baseline | | failed (pgbench could not run; too few free connections?) "
                       "| | | | | | | | | |")
        elif r:
            out.append(f"| PostgreSQL baseline (`pg-charge-baseline.sh`) | {'before' if phase == 'small' else 'after'} the "
                       f"{large:,}-token seeding | {fmt(b)} | mean {r['lat_avg_ms']} | — | {r['failed']} failed | — | 1.00 "
                       f"| — | — | {r['load']} | {r['steal_pct']} % |")
    out.append("")
    out.append("The ratio divides by the baseline at the same concurrency measured in the same run (the one after the "
               "seeding for the rows with more tokens). The baseline is the least database work of a **charge**; for "
               "lookups and completions the ratio only places the figure on the same scale. pgbench reports the baseline's "
               "mean latency, not percentiles. Checkout completions are counted from PostgreSQL (completions over the span "
               "of their `completed_at` times); their latencies are wrk's.")
    out.append("")

    # Scaling with clients.
    out.append(f"#### Throughput by number of clients ({small:,} stored tokens)")
    out.append("")
    out.append("| Clients | Charges/s | p50 (ms) | p99 (ms) | Lookups/s | p50 (ms) | p99 (ms) | Baseline (tps) | Baseline mean (ms) "
               "| Charges / baseline | Peak RSS (MiB) | Load (1 min) | Steal |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    clients = sorted({int(r["clients"]) for r in rows if r["kind"] == "charge" and r["tokens"] == str(small)})
    for c in clients:
        ch, lk = find("charge", c, small), find("lookup", c, small)
        b, br = base(c)
        rss = max((int(v) for v in (mem(ch)[0], mem(lk)[0]) if v != "—"), default=None)
        out.append(f"| {c} | {fmt(float(ch['rps']))} | {fmt(float(ch['p50_ms']), 2)} | {fmt(float(ch['p99_ms']), 2)} "
                   f"| {fmt(float(lk['rps']))} | {fmt(float(lk['p50_ms']), 2)} | {fmt(float(lk['p99_ms']), 2)} "
                   f"| {fmt(b) if b else 'failed'} | {br['lat_avg_ms'] if br else '—'} | {ratio(ch, b)} | {rss if rss else '—'} "
                   f"| {ch['load']} / {lk['load']} | {ch['steal_pct']} / {lk['steal_pct']} % |")
    out.append("")

    # 10^4 against 10^6 stored tokens.
    out.append(f"#### {small:,} against {large:,} stored tokens ({main_clients} clients)")
    out.append("")
    out.append(f"| Workload | {small:,} tokens (/s) | {large:,} tokens (/s) | Change | p99 {small:,} → {large:,} (ms) |")
    out.append("|---|---|---|---|---|")
    for kind, label in (("charge", "Charge authorization"), ("lookup", "Token lookup")):
        a, z = find(kind, main_clients, small), find(kind, main_clients, large)
        if a and z:
            ra, rz = float(a["rps"]), float(z["rps"])
            out.append(f"| {label} | {fmt(ra)} | {fmt(rz)} | {100 * (rz - ra) / ra:+.0f} % | {a['p99_ms']} → {z['p99_ms']} |")
    b1, _ = base(main_clients, "small")
    b2, _ = base(main_clients, "large")
    if b1 and b2:
        out.append(f"| PostgreSQL baseline (its own tables; shows the machine's drift) | {fmt(b1)} | {fmt(b2)} "
                   f"| {100 * (b2 - b1) / b1:+.0f} % | |")
    out.append("")
    out.append(f"The tokens are seeded with `COPY` by `ContainmentSeeder` ({settings['per_card']} tokens per card, cards sealed "
               f"under the gateway's key store; the {large - small:,} extra ones took {info.get('seed_large_s', '?')} s with "
               f"`VACUUM ANALYZE`); the load picks tokens uniformly at random (from a sample of 200,000 for the larger set).")
    out.append("")

    # Memory.
    all_heap = max((s[2] for s in samples), default=None)
    out.append(f"**Gateway memory over the whole run**: peak RSS {int(info['gateway_vmhwm_kb']) / 1024:.0f} MiB (`VmHWM`), "
               f"peak heap used {mib(all_heap, 1048576)} MiB of -Xmx{settings['heap']} (`jvm.memory.used`, area heap, sampled "
               f"each second from the actuator). Charges captured/total: {info.get('charges', '?')}. Checkout sessions "
               f"prepared through the hosted page: {info.get('prepared', '?')} in {info.get('prepare_s', '?')} s (outside "
               "the measured windows).")
    out.append("")

    # JMH.
    out.append(f"#### Vault (JMH: `java -jar vault/target/benchmarks.jar {settings['jmh_opts']}`, average time per operation)")
    out.append("")
    out.append("| Benchmark | Param | µs/op (± 99.9 % CI) |")
    out.append("|---|---|---|")
    for b in jmh:
        name = b["benchmark"].rsplit(".", 2)
        params = ", ".join(f"{k}={v}" for k, v in (b.get("params") or {}).items())
        m = b["primaryMetric"]
        err = m.get("scoreError")
        err_txt = f" ± {err:.3f}" if isinstance(err, (int, float)) and err == err else ""
        out.append(f"| `{name[-2]}.{name[-1]}` | {params} | {m['score']:.3f}{err_txt} |")
    out.append("")
    out.append(END)
    section = "\n".join(out) + "\n"

    if doc == "-":
        sys.stdout.write(section)
        return
    text = open(doc).read() if os.path.exists(doc) else "# Benchmarks\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + section.rstrip("\n") + after
    else:
        text = text.rstrip("\n") + "\n\n## Benchmark suite\n\n" + section
    open(doc, "w").write(text)
    sys.stdout.write(section)
    print(f"written to {doc}")


if __name__ == "__main__":
    main()
