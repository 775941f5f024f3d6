#!/usr/bin/env bash
# Kill tests of the atomic model save (BENCHMARKS.md "Reliability"): child JVMs killed with SIGKILL mid-save.
# Usage: scripts/bench-kill.sh [trials=60] [max_delay_ms=400] [seed=1]
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_CORETYPE=Haswell
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
uptime
java -Xmx1g -cp "target/classes:target/test-classes:$(cat target/cp.txt)" org.ride.bench.KillSaveBenchmark "$@"
uptime
