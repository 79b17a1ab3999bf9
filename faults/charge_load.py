#!/usr/bin/env python3
"""Charge load for the fault scripts: clients that behave like a careful merchant.

Each worker places orders one after another. An order is POST /v1/charges with the order id as
its Idempotency-Key (and as the charge's reference), retried with the same key until it gets a
final answer (201 or 402): after a 503 it waits Retry-After, after a 409 in progress, a 502 or a
connection error it waits half a second. A probe worker meanwhile reads an ops and a merchant
endpoint, so the authentication paths of both are exercised during the fault too.

Writes a JSON report (--out) with every order's outcome and every answer's status and timing;
the calling script draws the verdict from it and from the database. Python 3.11 standard library.
"""
import argparse
import base64
import http.client
import json
import random
import socket
import threading
import time
import uuid

RETRYABLE_WAIT = 0.5


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--tokens", required=True, help="file with one token per line")
    p.add_argument("--workers", type=int, default=8)
    p.add_argument("--duration", type=float, default=30, help="seconds during which new orders are placed")
    p.add_argument("--settle", type=float, default=90, help="seconds after --duration to resolve open orders")
    p.add_argument("--hang", type=float, default=8, help="an answer slower than this counts as a hang")
    p.add_argument("--ops-auth", help="user:password for the probe worker")
    p.add_argument("--merchant", help="merchant id for the probe worker")
    p.add_argument("--out", required=True)
    return p.parse_args()


class Report:
    def __init__(self):
        self.lock = threading.Lock()
        self.answers = []      # (t, worker kind, status, code, seconds, retry_after)
        self.keys = {}         # order key -> outcome
        self.errors = []       # (t, kind, text): connection errors and hangs

    def answer(self, kind, status, code, seconds, retry_after):
        with self.lock:
            self.answers.append((round(time.time(), 3), kind, status, code, round(seconds, 3), retry_after))

    def error(self, kind, text):
        with self.lock:
            self.errors.append((round(time.time(), 3), kind, text))


def request(port, method, path, headers, body, hang):
    """One exchange on a fresh connection: (status, headers, parsed body) or an exception."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=hang)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        try:
            parsed = json.loads(raw) if raw else {}
        except ValueError:
            parsed = {"_unparsed": raw[:200].decode("utf-8", "replace")}
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, parsed
    finally:
        conn.close()


def charge_worker(n, args, tokens, report, stop_orders, give_up_at):
    rnd = random.Random(n)
    headers = {"Authorization": "Bearer " + args.secret, "Content-Type": "application/json"}
    i = 0
    while not stop_orders.is_set():
        key = f"order-{n}-{i}-{uuid.uuid4().hex[:10]}"
        i += 1
        amount = rnd.randint(100, 99999)
        body = json.dumps({"token": rnd.choice(tokens), "amount": amount, "currency": "EUR", "reference": key})
        outcome = {"amount": amount, "attempts": 0, "final_status": None, "charge": None, "seen": []}
        report.keys[key] = outcome
        while time.time() < give_up_at:
            outcome["attempts"] += 1
            started = time.monotonic()
            try:
                status, h, parsed = request(args.port, "POST", "/v1/charges", dict(headers, **{"Idempotency-Key": key}),
                                            body, args.hang)
            except socket.timeout:
                report.error("charge", "no answer within %.0f s" % args.hang)
                outcome["seen"].append("hang")
                continue
            except (ConnectionError, OSError, http.client.HTTPException) as e:
                report.error("charge", type(e).__name__)
                outcome["seen"].append("conn")
                time.sleep(RETRYABLE_WAIT)
                continue
            seconds = time.monotonic() - started
            code = parsed.get("code")
            report.answer("charge", status, code, seconds, h.get("retry-after"))
            outcome["seen"].append(status)
            if status in (201, 402):
                outcome["final_status"] = status
                outcome["charge"] = parsed.get("id") if status == 201 else parsed.get("charge")
                break
            if status in (503, 429):
                time.sleep(min(float(h.get("retry-after", "1")), 2.0))
            else:
                time.sleep(RETRYABLE_WAIT)


def probe_worker(args, report, stop_all):
    user_pass = base64.b64encode(args.ops_auth.encode()).decode()
    probes = [("ops", {"Authorization": "Basic " + user_pass}, f"/ops/merchants/{args.merchant}"),
              ("merchant", {"Authorization": "Bearer " + args.secret}, "/v1/charges?limit=1")]
    while not stop_all.is_set():
        for kind, headers, path in probes:
            started = time.monotonic()
            try:
                status, h, parsed = request(args.port, "GET", path, headers, None, args.hang)
                report.answer("probe-" + kind, status, parsed.get("code"), time.monotonic() - started,
                              h.get("retry-after"))
            except socket.timeout:
                report.error("probe-" + kind, "no answer within %.0f s" % args.hang)
            except (ConnectionError, OSError, http.client.HTTPException) as e:
                report.error("probe-" + kind, type(e).__name__)
        time.sleep(0.2)


def main():
    args = parse_args()
    tokens = [t.strip() for t in open(args.tokens) if t.strip()]
    report = Report()
    stop_orders, stop_all = threading.Event(), threading.Event()
    started = time.time()
    give_up_at = started + args.duration + args.settle
    workers = [threading.Thread(target=charge_worker, args=(n, args, tokens, report, stop_orders, give_up_at))
               for n in range(args.workers)]
    probe = threading.Thread(target=probe_worker, args=(args, report, stop_all)) if args.ops_auth else None
    for w in workers + ([probe] if probe else []):
        w.start()
    time.sleep(args.duration)
    stop_orders.set()
    for w in workers:
        w.join()
    stop_all.set()
    if probe:
        probe.join()
    with open(args.out, "w") as f:
        json.dump({"started": started, "ended": time.time(), "keys": report.keys, "answers": report.answers,
                   "errors": report.errors}, f)
    resolved = sum(1 for o in report.keys.values() if o["final_status"])
    print(f"orders: {len(report.keys)}, resolved: {resolved}, answers: {len(report.answers)}, "
          f"connection errors/hangs: {len(report.errors)}")


if __name__ == "__main__":
    main()
