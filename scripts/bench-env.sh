# Sourced by the benchmark scripts: moves to the repository root, sets the threading the tests use (one
# OpenMP thread: the engine's own worker threads share the cores), compiles main and test classes and sets
# CP for `java -cp "$CP" org.ride.bench.…`.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_CORETYPE=Haswell
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="target/classes:target/test-classes:$(cat target/cp.txt)"
