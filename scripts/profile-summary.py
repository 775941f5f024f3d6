#!/usr/bin/env python3
"""Where the time goes, in %: summarises the Java and native method samples of a JFR recording.

Usage: profile-summary.py recording.jfr [root-method-substring]
Only samples whose stack contains the root (default: RideSpeedBenchmark.) or that ran on a ride-* worker
thread are counted, so set-up and JIT warm-up outside the measured calls are left out. Native samples are
counted like Java ones, so the recording must sample both at the same period (scripts/profile-ride-speed.sh: 2 ms).
"""
import collections
import re
import subprocess
import sys

rec = sys.argv[1]
root = sys.argv[2] if len(sys.argv) > 2 else "RideSpeedBenchmark."
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample",
                      "--stack-depth", "96", rec], capture_output=True, text=True, check=True).stdout

samples = []  # (thread, native?, [frames top first])
for block in out.split("\njdk.")[0:]:
    m = re.search(r'sampledThread = "([^"]*)"', block)
    if not m:
        continue
    frames = [l.strip() for l in block.split("stackTrace = [", 1)[-1].split("\n")[1:]]
    frames = [re.sub(r"\(.*", "", f) for f in frames if f and f not in ("]", "}", "...")]
    samples.append((m.group(1), block.startswith("NativeMethodSample"), frames))

def keep(s):
    return s[0].startswith("ride-") or any(root in f for f in s[2])

def component(frames):
    for f in frames:
        if ".slstm." in f or "BlockStep" in f:
            return "LSTM"
        if ".mcgsm." in f:
            return "MCGSM"
        if ".whitening." in f or ".neighbourhood." in f:
            return "neighbourhoods+whitening"
    return "other"

def kind(native, frames):
    top = frames[0] if frames else "?"
    if native:
        if any("gemm" in f.lower() or "Blas" in f for f in frames[:6]):
            return "GEMM (OpenBLAS)"
        return "other native (ND4J ops, copies)"
    if ".ride." in top:
        return "Java: " + top.rsplit(".", 2)[-2] + "." + top.rsplit(".", 1)[-1]
    return "Java: library (" + ".".join(top.split(".")[:3]) + ")"

kept = [s for s in samples if keep(s)]
n = len(kept)
if n == 0:
    sys.exit("no samples under " + root)
by_comp = collections.Counter(component(s[2]) for s in kept)
by_kind = collections.Counter((component(s[2]), kind(s[1], s[2])) for s in kept)
threads = collections.Counter(s[0] for s in kept)
print(f"{n} samples ({sum(1 for s in kept if s[1])} native) under {root!r}; threads: "
      + ", ".join(f"{t} {c}" for t, c in threads.most_common()))
print("\n| component | share |\n|---|---|")
for c, k in by_comp.most_common():
    print(f"| {c} | {100.0 * k / n:.0f} % |")
print("\n| component | where | share |\n|---|---|---|")
for (c, w), k in by_kind.most_common(14):
    print(f"| {c} | {w} | {100.0 * k / n:.1f} % |")
other = collections.Counter(s[2][0] for s in kept if s[1] and kind(True, s[2]).startswith("other"))
print("\nother native, top frames: " + "; ".join(f"{f} {100.0 * k / n:.1f} %" for f, k in other.most_common(6)))
