#!/usr/bin/env bash
# RIDE 1/64 speed table (BENCHMARKS.md): map 512², training step, 256² sampling, and in a separate JVM the
# peak memory of a 4096² map. Usage: scripts/bench-ride-speed.sh [all|map|train|sample|memory] [reps] [threads: 1,2]
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_CORETYPE=Haswell
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="target/classes:target/test-classes:$(cat target/cp.txt)"
what=${1:-all}
if [ "$what" = all ] || [ "$what" != memory ]; then
  java -Xmx4g -cp "$CP" org.ride.bench.RideSpeedBenchmark "$what" "${2:-3}" ${3:-}
fi
if [ "$what" = all ] || [ "$what" = memory ]; then
  java -Xmx1g -cp "$CP" org.ride.bench.RideSpeedBenchmark memory
fi
