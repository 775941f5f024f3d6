#!/usr/bin/env bash
# Where the time goes (BENCHMARKS.md profile summaries): runs one case of RideSpeedBenchmark under JFR with
# Java and native method sampling every 2 ms (the JDK's profile settings with both periods set to 2 ms) and prints
# the shares by component.
# Usage: scripts/profile-ride-speed.sh [map|train|sample] [reps]
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
what=${1:-map}
rec=target/profile-$what.jfr
jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
sed -e 's|\(control="method-sampling-[a-z]*-interval">\)[^<]*|\12 ms|' "$jdk/lib/jfr/profile.jfc" > target/profile.jfc
java -Xmx4g -XX:StartFlightRecording=filename=$rec,settings=target/profile.jfc -cp "$CP" \
  org.ride.bench.RideSpeedBenchmark "$what" "${2:-8}" 2>&1 | grep -E '^(\||#|SGEMM)'
python3 scripts/profile-summary.py "$rec" "RideSpeedBenchmark.$what"
