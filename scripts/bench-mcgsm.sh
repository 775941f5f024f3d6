#!/usr/bin/env bash
# MCGSM baseline on DL-256 dead leaves vs. nb_size (see BENCHMARKS.md).
# Usage: scripts/bench-mcgsm.sh [--train 30000] [--val 10000] [--maxIter 200] [--nb 3,5,7,9]
#        [--trainImages 900] [--testImages 100] [--dtype DOUBLE|FLOAT] [--seed 1]
# Env: MAIN (benchmark class, default org.ride.bench.McgsmNeighbourhoodBenchmark), JAVA_XMX (default 2g),
#      OMP_NUM_THREADS (default 1: on the shared 2-core machine at load ~10, 1 thread was 2-4x faster
#      than 2), MVN_OFFLINE (default -o; set it empty on a fresh machine).
# The Markdown table goes to stdout, progress to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
MAIN=${MAIN:-org.ride.bench.McgsmNeighbourhoodBenchmark}
OFF=${MVN_OFFLINE--o}
mvn -B -q $OFF test-compile >&2
mvn -B -q $OFF dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >&2
CORES=$(nproc --all) # before OMP_NUM_THREADS is exported: nproc honours it
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
echo "# $(date -Is) | nproc $CORES | OMP_NUM_THREADS $OMP_NUM_THREADS | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) |$(uptime | sed 's/.*load/ load/')" >&2
echo "# java -Xmx${JAVA_XMX:-2g} $MAIN $*" >&2
exec java -Xmx"${JAVA_XMX:-2g}" -cp "target/classes:target/test-classes:$(cat target/bench-cp.txt)" "$MAIN" "$@"
