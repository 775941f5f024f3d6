#!/usr/bin/env bash
# Joint colour model vs three gray models on a held-out colour texture, plus colour synthesis and inpainting
# images (BENCHMARKS.md "Colour", docs/images/colour-*.png).
# Usage: scripts/bench-colour.sh [texture.png] [preset] [sweeps]
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
java -Xmx6g -Djava.awt.headless=true -cp "$CP" \
	org.ride.bench.ColourBenchmark "$@"
