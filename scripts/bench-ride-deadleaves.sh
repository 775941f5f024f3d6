#!/usr/bin/env bash
# DL-256 fidelity table (BENCHMARKS.md): MCGSM, RIDE 1/64, RIDE 2/64 and the ensemble of the better RIDE.
# Usage: scripts/bench-ride-deadleaves.sh [--trainImages N] [--patches N] ... (see RideDeadLeavesBenchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_CORETYPE=Haswell
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
java -Xmx8g -cp "target/classes:target/test-classes:$(cat target/cp.txt)" org.ride.bench.RideDeadLeavesBenchmark "$@"
