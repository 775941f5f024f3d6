#!/usr/bin/env bash
# Texture inpainting table and before/after images (BENCHMARKS.md, docs/images/).
# Usage: scripts/bench-inpaint.sh [texture.png] [sweeps] [patchesPerStage]
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
java -Xmx6g -cp "$CP" org.ride.bench.InpaintBenchmark "$@"
