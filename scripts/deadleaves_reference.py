#!/usr/bin/env python3
"""Independent pure-Python reference of the DL-256 dead-leaves recipe (data-and-cost.md §1.3).

Written from the recipe, not from the Java code, to produce golden values for
org.ride.core.data.DeadLeavesTest: for each requested image it prints the leaf count, the SHA-256 of
the row-major 8-bit pixels and the first pixel values.

usage: python3 scripts/deadleaves_reference.py [--size 256] [--aa] INDEX...
"""
import hashlib
import math
import sys

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next_double(self):
        return (self.next_u64() >> 11) * 2.0 ** -53


def generate(index, n=256, sub=1):
    rng = SplitMix64(0x5EED0000 + index)
    r_min, r_max = 0.01 * n, float(n)
    a, b = 1.0 / (r_min * r_min), 1.0 / (r_max * r_max)
    g = n * sub
    owner = [None] * (g * g)
    left = g * g
    leaves = 0
    while left:
        while True:  # radius by inverse CDF, accepted with prob ((N+2r)/(N+2r_max))^2
            r = 1.0 / math.sqrt(a - rng.next_double() * (a - b))
            q = (n + 2 * r) / (n + 2 * r_max)
            if rng.next_double() < q * q:
                break
        cx = -r + rng.next_double() * (n + 2 * r)
        cy = -r + rng.next_double() * (n + 2 * r)
        inten = rng.next_double()
        leaves += 1
        r2 = r * r
        for gy in range(max(0, int(math.floor(sub * (cy - r))) - 1), min(g, int(math.ceil(sub * (cy + r))) + 1)):
            dy = (gy + 0.5) / sub - cy
            for gx in range(max(0, int(math.floor(sub * (cx - r))) - 1), min(g, int(math.ceil(sub * (cx + r))) + 1)):
                k = gy * g + gx
                if owner[k] is None:
                    dx = (gx + 0.5) / sub - cx
                    if dx * dx + dy * dy < r2:
                        owner[k] = inten
                        left -= 1
    pix = bytearray(n * n)
    for y in range(n):
        for x in range(n):
            s = 0.0
            for j in range(sub):
                for i in range(sub):
                    s += owner[(y * sub + j) * g + x * sub + i]
            pix[y * n + x] = min(255, int(math.floor(256.0 * (s / (sub * sub)))))
    return pix, leaves


def main(argv):
    n, sub, idx = 256, 1, []
    it = iter(argv)
    for arg in it:
        if arg == "--size":
            n = int(next(it))
        elif arg == "--aa":
            sub = 4
        else:
            idx.append(int(arg))
    for i in idx:
        pix, leaves = generate(i, n, sub)
        print(f"index={i} size={n} sub={sub} leaves={leaves} sha256={hashlib.sha256(pix).hexdigest()} "
              f"first={list(pix[:8])}")


if __name__ == "__main__":
    main(sys.argv[1:])
