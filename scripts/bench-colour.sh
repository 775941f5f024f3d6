#!/usr/bin/env bash
# Joint colour model vs three gray models on a held-out colour texture, plus colour synthesis and inpainting
# images (BENCHMARKS.md "Colour", docs/images/colour-*.png).
# Usage: scripts/bench-colour.sh [texture.png] [preset] [sweeps]
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_CORETYPE=Haswell
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
java -Xmx6g -Djava.awt.headless=true -cp "target/classes:target/test-classes:$(cat target/cp.txt)" \
	org.ride.bench.ColourBenchmark "$@"
