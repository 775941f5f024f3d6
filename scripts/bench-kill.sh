#!/usr/bin/env bash
# Kill tests of the atomic model save (BENCHMARKS.md "Reliability"): child JVMs killed with SIGKILL mid-save.
# Usage: scripts/bench-kill.sh [trials=60] [max_delay_ms=400] [seed=1]
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
uptime
java -Xmx1g -cp "$CP" org.ride.bench.KillSaveBenchmark "$@"
uptime
