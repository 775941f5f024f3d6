#!/usr/bin/env bash
# Same-session before/after speed (BENCHMARKS.md, issue 8): unpacks COMMIT into a temporary directory, builds it
# and alternates its RideSpeedBenchmark with this checkout's (map, train, sample; ROUNDS rounds), then runs
# InpaintSpeedBenchmark (compiled against both) alternately. Usage: scripts/bench-before-after.sh COMMIT [ROUNDS] [CASES]
# CASES (e.g. "map train") limits the rounds to those cases and skips inpainting. RIDE_ENV=user runs both sides
# without OMP_NUM_THREADS, as Fiji and ./ride-macro start a JVM (the default is the tests' OMP_NUM_THREADS=1).
# RIDE_HARNESS=this times COMMIT's engine with this checkout's RideSpeedBenchmark and Yardstick (e.g. its warm-up),
# so that only the engine differs.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_CORETYPE=Haswell
if [ "${RIDE_ENV:-}" = user ]; then unset OMP_NUM_THREADS; else export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}; fi
old=$(mktemp -d)
git archive "$1" | tar -x -C "$old"
if [ "${RIDE_HARNESS:-}" = this ]; then
  cp src/test/java/org/ride/bench/RideSpeedBenchmark.java src/test/java/org/ride/bench/Yardstick.java "$old/src/test/java/org/ride/bench/"
fi
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
(cd "$old" && mvn -B -q test-compile)
DEPS=$(cat target/cp.txt)
NEW="target/classes:target/test-classes:$DEPS" OLD="$old/target/classes:$old/target/test-classes:$DEPS"
mkdir -p "$old/inpaint"
javac -d "$old/inpaint" -cp "$OLD" src/test/java/org/ride/bench/InpaintSpeedBenchmark.java
for round in $(seq "${2:-2}"); do
  for what in ${3:-map train sample}; do
    echo "== round $round, $what, load $(cut -d' ' -f1-3 /proc/loadavg)"
    java -Xmx4g -cp "$OLD" org.ride.bench.RideSpeedBenchmark "$what" 5 2>&1 | grep -E '^\| \(|SGEMM' | sed 's/^/before /'
    java -Xmx4g -cp "$NEW" org.ride.bench.RideSpeedBenchmark "$what" 5 1,2 2>&1 | grep -E '^\| \(|SGEMM' | sed 's/^/after /'
  done
done
if [ -z "${3:-}" ]; then
  for round in $(seq "${2:-2}"); do
    java -Xmx4g -cp "$old/inpaint:$OLD" org.ride.bench.InpaintSpeedBenchmark before 2>&1 | grep '^before'
    java -Xmx4g -cp "$NEW" org.ride.bench.InpaintSpeedBenchmark after 2>&1 | grep '^after'
  done
fi
rm -rf "$old"
