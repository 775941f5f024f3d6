# Sourced by the benchmark scripts: moves to the repository root, sets the threading the tests use (one
# OpenMP thread: the engine's own worker threads share the cores), compiles main and test classes and sets
# CP for `java -cp "$CP" org.ride.bench.…`.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# RIDE_OPENBLAS=fiji leaves OPENBLAS_CORETYPE unset, as a Fiji user's JVM does (OpenBLAS then picks its AVX-512
# kernels on this CPU); the default names Haswell, the setting of the tests and CI (data-and-cost.md §4.5).
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
if [ "${RIDE_OPENBLAS:-}" = fiji ]; then unset OPENBLAS_CORETYPE; else export OPENBLAS_CORETYPE=Haswell; fi
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="target/classes:target/test-classes:$(cat target/cp.txt)"
