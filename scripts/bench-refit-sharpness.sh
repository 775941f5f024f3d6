#!/usr/bin/env bash
# Why the loss jumped after each L-BFGS refit (README "Why ADAM", RideTrainer javadoc): max MCGSM log-scale,
# per-batch loss and LSTM gradient norm after stage 1 with and without its refit, for SGD and ADAM.
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
java -Xmx4g -cp "$CP" org.ride.bench.RefitSharpnessBenchmark "$@"
