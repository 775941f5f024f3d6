#!/usr/bin/env bash
# Issue 9 table (BENCHMARKS.md "One image, the standard preset"): hold out the bottom-right 128x128 of grass,
# gravel and brick, train MCGSM, RIDE 1/64 and RIDE 2/64 on the rest with the standard preset's budget.
# Usage: scripts/bench-texture-holdout.sh [--textures grass,gravel,brick] [--layers 0,1,2] [--minutes 10]
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_CORETYPE=Haswell
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
uptime
java -Xmx6g -cp "target/classes:target/test-classes:$(cat target/cp.txt)" org.ride.bench.TextureHoldoutBenchmark "$@"
uptime
