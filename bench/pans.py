#!/usr/bin/env python3
"""Synthetic, Luhn-valid card numbers for the bench scripts: a fixed prefix and a running number, so
every number is distinct and none is one of the simulator's special test cards (docs/test-cards.md).

Usage: pans.py COUNT [prefix=424242]   prints COUNT numbers of 16 digits, one per line.
checkout-sessions.py imports luhn_pan from here.
"""
import sys


def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def luhn_pan(prefix, n):
    """The n-th 16-digit number under prefix, with its check digit."""
    body = prefix + f"{n:0{15 - len(prefix)}d}"
    return body + luhn_digit(body)


if __name__ == "__main__":
    prefix = sys.argv[2] if len(sys.argv) > 2 else "424242"
    for n in range(int(sys.argv[1])):
        print(luhn_pan(prefix, n))
