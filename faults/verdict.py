#!/usr/bin/env python3
"""The HTTP half of a fault script's verdict, from the load client's report (charge_load.py).

  verdict.py load.json --fault-start T --fault-end T [--expect 503|conn]

Prints one line per check ("ok" or "FAIL") and exits 1 when any check fails. The database half
(every 2xx charge exists exactly once, ledger agrees) is SQL in lib.sh.
"""
import argparse
import json
import sys

# Answers a client may get while the fault lasts and then retry: the gateway's retryable codes.
RETRYABLE = {(503, "service_unavailable"), (409, "idempotency_in_progress"), (502, "acquirer_unavailable")}
FINAL = {201, 402}
PROBE_OK = {200}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("report")
    p.add_argument("--fault-start", type=float, required=True)
    p.add_argument("--fault-end", type=float, required=True, help="when the fault was repaired")
    p.add_argument("--expect", choices=["503", "conn"], required=True,
                   help="what clients must see during the fault: 503 answers, or refused connections")
    p.add_argument("--recover-within", type=float, default=30)
    a = p.parse_args()
    r = json.load(open(a.report))
    failures = []

    def check(ok, text):
        print(("ok    " if ok else "FAIL  ") + text)
        if not ok:
            failures.append(text)

    answers = r["answers"]
    charges = [x for x in answers if x[1] == "charge"]
    probes = [x for x in answers if x[1].startswith("probe")]
    unexpected = [x for x in charges if x[2] not in FINAL and (x[2], x[3]) not in RETRYABLE]
    unexpected += [x for x in probes if x[2] not in PROBE_OK and (x[2], x[3]) != (503, "service_unavailable")]
    by_status = {}
    for x in answers:
        by_status[f"{x[1]} {x[2]} {x[3] or ''}".strip()] = by_status.get(f"{x[1]} {x[2]} {x[3] or ''}".strip(), 0) + 1
    print("answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(by_status.items())))
    check(not unexpected, "no answer outside 2xx/402 and the retryable codes (no 500, no 401 for a "
          "database problem): %d unexpected%s" % (len(unexpected), (", first: %s" % (unexpected[:3],)) if unexpected else ""))
    unavailable = [x for x in answers if x[2] == 503]
    check(all(x[5] for x in unavailable), "every 503 carries Retry-After (%d answers)" % len(unavailable))
    hangs = [e for e in r["errors"] if e[2].startswith("no answer")]
    check(not hangs, "no request hung (no answer within the client's limit): %d" % len(hangs))
    slowest = max((x[4] for x in unavailable), default=0)
    if a.expect == "503":
        check(len(unavailable) > 0, "the outage was felt: %d answers 503 service_unavailable "
              "(slowest %.1f s)" % (len(unavailable), slowest))
        refused = [e for e in r["errors"] if not e[2].startswith("no answer")]
        check(not refused, "the gateway never dropped a connection: %d connection errors" % len(refused))
        probe_503 = {x[1] for x in probes if x[2] == 503}
        check({"probe-ops", "probe-merchant"} <= probe_503,
              "ops (HTTP Basic) and merchant (Bearer) authentication answered 503 during the outage: %s"
              % sorted(probe_503))
    else:
        refused = [e for e in r["errors"] if e[0] >= a.fault_start]
        check(len(refused) > 0, "the kill was felt: %d refused or reset connections" % len(refused))
    keys = r["keys"]
    unresolved = [k for k, o in keys.items() if o["final_status"] is None]
    check(not unresolved, "every order got a final answer after retries with its key: %d of %d unresolved%s"
          % (len(unresolved), len(keys), (", e.g. %s %s" % (unresolved[0], keys[unresolved[0]]["seen"][-8:]))
                                         if unresolved else ""))
    during = [k for k, o in keys.items() if len(o["seen"]) > 1]
    check(len(during) > 0, "orders hit by the fault and retried: %d" % len(during))
    after = sorted(x[0] for x in charges if x[2] == 201 and x[0] > a.fault_end)
    first = after[0] - a.fault_end if after else None
    check(first is not None and first <= a.recover_within,
          "charges succeed again: first 201 %.1f s after the repair" % first if first is not None
          else "charges succeed again: no 201 after the repair")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
