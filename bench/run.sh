#!/usr/bin/env bash
# The benchmark of user-service: a Java driver in bench/src, built by Maven (profile bench) against the service and
# its test support. bench/run.sh --help lists the options (--quick, --only LIST, --chart FILE, --tune [NAME...]).
set -euo pipefail
cd "$(dirname "$0")/.."

# The jar only when missing or older than the sources, as ./run.sh does: a jar built again needs new class-data archives
if [ ! -f target/user-service.jar ] || [ -n "$(find pom.xml src -newer target/user-service.jar -print -quit)" ]; then
  mvn -B -q package -DskipTests
  rm -f target/*.jsa target/*.aot # ./run.sh records the archive for the new jar at its next start
fi
mvn -B -q -Pbench test-compile # the driver, and its class path in target/bench.classpath
exec java -XX:+UseSerialGC -Xmx512m -cp "target/bench-classes:target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.github.userservice.bench.Bench "$@"
