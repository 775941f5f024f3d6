#!/usr/bin/env bash
# Fast gate maths (BENCHMARKS.md): ns per element with and without C2 auto-vectorisation (-XX:-UseSuperWord), and
# the map accuracy criterion on a trained RIDE 1/64. Usage: scripts/bench-gate-math.sh [patches per stage] [sample image, e.g. gravel]
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
echo "## auto-vectorised (default)"; java -cp "$CP" org.ride.core.slstm.GateMathBenchmark
echo "## -XX:-UseSuperWord (no auto-vectorisation)"; java -XX:-UseSuperWord -cp "$CP" org.ride.core.slstm.GateMathBenchmark
java -Xmx4g -cp "$CP" org.ride.bench.FastMathAccuracyBenchmark "${1:-20000}" ${2:-} 2>&1 | grep -E '^(\||#|trained)'
