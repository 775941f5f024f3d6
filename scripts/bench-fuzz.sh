#!/usr/bin/env bash
# Model-file fuzz counts (BENCHMARKS.md "Reliability"): mutations of real model files, each loaded under a time limit.
# Usage: scripts/bench-fuzz.sh [count=1000] [seed=1] [first=0] [timeout_ms=30000] [verbose]
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
uptime
java -Xmx1g -cp "$CP" org.ride.bench.ModelFileFuzzBenchmark "$@"
