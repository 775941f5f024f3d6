#!/usr/bin/env bash
# Model-file fuzz counts (BENCHMARKS.md "Reliability"): mutations of real model files, each loaded under a time limit.
# Usage: scripts/bench-fuzz.sh [count=1000] [seed=1] [first=0] [timeout_ms=30000] [verbose]
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_CORETYPE=Haswell
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
uptime
java -Xmx1g -cp "target/classes:target/test-classes:$(cat target/cp.txt)" org.ride.bench.ModelFileFuzzBenchmark "$@"
