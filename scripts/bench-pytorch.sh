#!/usr/bin/env bash
# RIDE 1/64 log-likelihood map in plain PyTorch (scripts/ride_torch.py), the yardstick for the Java map
# (BENCHMARKS.md, "Against a plain PyTorch implementation"): px/s for 8×256² and 1×512² at torch.set_num_threads(1)
# and (2), best of REPS after one warm-up each, and the ratio to a 1024³ float32 torch.mm timed in the same process.
# The model is the Java speed benchmark's own (RideSpeedBenchmark.model(): random weights, forget biases −1,
# whitening fitted on dead leaves) and its image (dead leaves 0, tiled), written by TorchParityExport; without Maven
# it falls back to random weights of the same shapes in Python.
# Installs Debian's python3-torch (and OpenBLAS: Debian's torch calls the system libblas.so.3, which is the
# reference BLAS until an optimised one is installed) if missing.
# Usage: scripts/bench-pytorch.sh [reps=5] [threads=1,2] [extra ride_torch.py bench options, e.g. --no-fuse-x]
#        BLAS=reference scripts/bench-pytorch.sh …   runs torch on the netlib reference BLAS instead, for comparison
# Correctness against the Java map: scripts/bench-pytorch.sh check   (trains a small model first, ~20 s)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import torch' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
  echo "installing python3-torch (apt)…" >&2
  apt-get install -y -q python3-torch >&2
  PY=/usr/bin/python3
fi
if ! ls /usr/lib/x86_64-linux-gnu/openblas*/libblas.so.3 >/dev/null 2>&1; then
  echo "installing libopenblas0-openmp (apt): torch's BLAS, follows torch.set_num_threads…" >&2
  apt-get install -y -q libopenblas0-openmp >&2
fi
if [ "${BLAS:-}" = reference ]; then export LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}; fi

export_java() { # $1 = folder, $2 = patches (0 = only the benchmark's random-weight model)
  # NB: a subshell, so that bench-env.sh's OPENBLAS_CORETYPE=Haswell does not reach torch's OpenBLAS afterwards
  ( source scripts/bench-env.sh >/dev/null
    java -Xmx3g -cp "$CP" org.ride.bench.TorchParityExport "$1" 256 "$2" 2>&1 | grep -v SLF4J )
}

if [ "${1:-}" = check ]; then
  export_java target/torch-parity "${2:-2000}"
  exec "$PY" scripts/ride_torch.py check target/torch-parity
fi

DIR=target/torch-bench
if [ ! -f $DIR/random.zip ] && command -v mvn >/dev/null; then export_java $DIR 0 >&2 || true; fi
MODEL=()
if [ -f $DIR/random.zip ]; then MODEL=(--model $DIR/random.zip --image $DIR/image.npy); fi
echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); uptime: $(uptime)"
echo "python: $PY, torch $("$PY" -c 'import torch; print(torch.__version__)')"
"$PY" scripts/ride_torch.py bench --reps "${1:-5}" --threads "${2:-1,2}" "${MODEL[@]}" "${@:3}"
echo "uptime after: $(uptime)"
