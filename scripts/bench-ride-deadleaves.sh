#!/usr/bin/env bash
# DL-256 fidelity table (BENCHMARKS.md): MCGSM, RIDE 1/64, RIDE 2/64 and the ensemble of the better RIDE.
# Usage: scripts/bench-ride-deadleaves.sh [--trainImages N] [--patches N] ... (see RideDeadLeavesBenchmark)
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
java -Xmx8g -cp "$CP" org.ride.bench.RideDeadLeavesBenchmark "$@"
