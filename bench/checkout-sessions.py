#!/usr/bin/env python3
"""Prepares checkout sessions for the completion benchmark (bench/suite.sh), over HTTP like a shop
and a shopper would: the shop opens a payment session (POST /v1/checkout/sessions), the shopper's
"browser" loads the hosted page (GET /checkout/{id}: CSRF cookie and form token), submits a card
(POST /checkout/{id}) and is sent back to the shop with a one-time code (303 to the success URL).
Prints one "session_id code" line per session, ready for POST /v1/checkout/sessions/{id}/complete.

Usage: checkout-sessions.py BASE_URL COUNT [workers=4] [first-card-number=0]
Env: BENCH_SECRET (a key with checkout:write). Each session pays with its own synthetic Visa number
(Luhn-valid, none of the simulator's special test cards), so no two sessions share a vaulted card.
The gateway must allow this many card submissions from one address (checkout client-max-attempts).
"""
import http.client
import json
import os
import re
import sys
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from pans import luhn_pan  # bench/pans.py, beside this script

CSRF_FIELD = re.compile(r'name="_csrf"\s+value="([^"]+)"')
SUCCESS_URL = "https://shop.example/checkout/done"


def pan(n):
    # 45... is outside the simulator's special numbers (docs/test-cards.md) and the other seeders' ranges.
    return luhn_pan("45", n)


class Shopper:
    """One keep-alive connection per worker thread: the shop's calls and the browser's share it."""

    def __init__(self, base, secret):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port or 80
        self.secret = secret
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in (1, 2):  # a keep-alive connection the server closed meanwhile: reopen once
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                resp = self.conn.getresponse()
                return resp, resp.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def prepare(self, n):
        body = json.dumps({"mode": "payment", "amount": 4999, "currency": "EUR", "success_url": SUCCESS_URL,
                           "cancel_url": "https://shop.example/cart", "merchant_reference": f"bench-{n}"})
        resp, data = self.request("POST", "/v1/checkout/sessions", body, {
            "Authorization": "Bearer " + self.secret, "Content-Type": "application/json",
            "Idempotency-Key": f"bench-session-{n}-{os.getpid()}"})
        if resp.status != 201:
            raise RuntimeError(f"create session: HTTP {resp.status} {data[:300]!r}")
        session = json.loads(data)["id"]
        page = f"/checkout/{session}"
        resp, html = self.request("GET", page)
        if resp.status != 200:
            raise RuntimeError(f"hosted page: HTTP {resp.status}")
        cookie = next(c.split(";")[0] for c in resp.headers.get_all("Set-Cookie") or []
                      if c.startswith("tg_checkout_csrf="))
        csrf = CSRF_FIELD.search(html.decode()).group(1)
        form = urllib.parse.urlencode({"card_number": pan(n), "exp_month": "12", "exp_year": "2034",
                                       "cvc": "123", "cardholder_name": "Bench Shopper", "_csrf": csrf})
        resp, data = self.request("POST", page, form, {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        location = resp.headers.get("Location", "")
        if resp.status != 303 or not location.startswith(SUCCESS_URL):
            raise RuntimeError(f"card submit: HTTP {resp.status} {location or data[:300]!r}")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
        if query["session_id"] != [session]:
            raise RuntimeError("success redirect names another session")
        return f"{session} {query['code'][0]}"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    base, count = sys.argv[1], int(sys.argv[2])
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    secret = os.environ["BENCH_SECRET"]
    local = threading.local()

    def one(n):
        if not hasattr(local, "shopper"):
            local.shopper = Shopper(base, secret)
        return local.shopper.prepare(n)

    with ThreadPoolExecutor(workers) as pool:
        for line in pool.map(one, range(first, first + count)):
            print(line)


if __name__ == "__main__":
    main()
