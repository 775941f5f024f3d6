#!/usr/bin/env bash
# Issue 9 table (BENCHMARKS.md "One image, the standard preset"): hold out the bottom-right 128x128 of grass,
# gravel and brick, train MCGSM, RIDE 1/64 and RIDE 2/64 on the rest with the standard preset's budget.
# Usage: scripts/bench-texture-holdout.sh [--textures grass,gravel,brick] [--layers 0,1,2] [--minutes 10]
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
uptime
java -Xmx6g -cp "$CP" org.ride.bench.TextureHoldoutBenchmark "$@"
uptime
