#!/usr/bin/env bash
# RIDE 1/64 speed table (BENCHMARKS.md): map 512², training step, 256² sampling, and in a separate JVM the
# peak memory of a 4096² map. Usage: scripts/bench-ride-speed.sh [all|map|train|sample|memory] [reps] [threads: 1,2]
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
what=${1:-all}
if [ "$what" = all ] || [ "$what" != memory ]; then
  java -Xmx4g -cp "$CP" org.ride.bench.RideSpeedBenchmark "$what" "${2:-3}" ${3:-}
fi
if [ "$what" = all ] || [ "$what" = memory ]; then
  java -Xmx1g -cp "$CP" org.ride.bench.RideSpeedBenchmark memory
fi
