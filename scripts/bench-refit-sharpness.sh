#!/usr/bin/env bash
# Why the loss jumped after each L-BFGS refit (README "Why ADAM", RideTrainer javadoc): max MCGSM log-scale,
# per-batch loss and LSTM gradient norm after stage 1 with and without its refit, for SGD and ADAM.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_CORETYPE=Haswell
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
java -Xmx4g -cp "target/classes:target/test-classes:$(cat target/cp.txt)" org.ride.bench.RefitSharpnessBenchmark "$@"
