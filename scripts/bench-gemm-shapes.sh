#!/usr/bin/env bash
# The LSTM's per-diagonal GEMM shapes on OpenBLAS (BENCHMARKS.md): GemmShapesBenchmark for each kernel choice.
# Usage: scripts/bench-gemm-shapes.sh [coretypes, default "Haswell unset Zen SkylakeX"]
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
for ct in ${1:-Haswell unset Zen SkylakeX}; do
  echo "## OPENBLAS_CORETYPE=$ct"
  if [ "$ct" = unset ]; then env -u OPENBLAS_CORETYPE java -cp "$CP" org.ride.bench.GemmShapesBenchmark 2>&1 | grep -E '^\||^#'
  else OPENBLAS_CORETYPE=$ct java -cp "$CP" org.ride.bench.GemmShapesBenchmark 2>&1 | grep -E '^\||^#'; fi
done
