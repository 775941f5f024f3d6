#!/usr/bin/env bash
# Texture inpainting table and before/after images (BENCHMARKS.md, docs/images/).
# Usage: scripts/bench-inpaint.sh [texture.png] [sweeps] [patchesPerStage]
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_CORETYPE=Haswell
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
java -Xmx6g -cp "target/classes:target/test-classes:$(cat target/cp.txt)" org.ride.bench.InpaintBenchmark "$@"
