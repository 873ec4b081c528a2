#!/usr/bin/env bash
# The tuning pass: bench/run.sh (quick, the sections that JVM and worker settings move) once per configuration,
# one summary row each, side by side in bench/TUNING.md. See README.md, "Benchmark".
#
#   bench/tune.sh              every configuration below (about 3 minutes each)
#   bench/tune.sh NAME...      only those configurations (names from the list below)
#
# BENCH_REPS (default 2) sets the repetitions of each run. The class-data archives (AppCDS on JDK 17, the AOT cache
# on JDK 25) are made by a training run of the service first, into bench/out/ (git-ignored).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
OUT=$BENCH/out
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64/bin
SECTIONS=login,get,overload,cold
export BENCH_REPS=${BENCH_REPS:-2}

# name | JDK bin folder (empty: the default java) | JAVA_OPTS | environment (BENCH_* settings, MALLOC_ARENA_MAX)
CONFIGURATIONS=(
  "jdk17-defaults||"
  "g1-256m||-Xmx256m"
  "g1-512m||-Xmx512m"
  "serial-128m||-XX:+UseSerialGC -Xmx128m"
  "serial-256m||-XX:+UseSerialGC -Xmx256m"
  "parallel-256m||-XX:+UseParallelGC -Xmx256m"
  "serial-256m-workers1||-XX:+UseSerialGC -Xmx256m|BENCH_WORKERS=1"
  "serial-256m-workers3||-XX:+UseSerialGC -Xmx256m|BENCH_WORKERS=3"
  "serial-256m-pending16||-XX:+UseSerialGC -Xmx256m|BENCH_MAX_PENDING=16"
  "serial-256m-http1||-XX:+UseSerialGC -Xmx256m|BENCH_HTTP_INSTANCES=1"
  "serial-256m-appcds||-XX:+UseSerialGC -Xmx256m -XX:SharedArchiveFile=$OUT/user-service.jsa|"
  "serial-128m-xms16-arena2||-XX:+UseSerialGC -Xms16m -Xmx128m|MALLOC_ARENA_MAX=2"
  "jdk25-defaults|$JDK25|"
  "jdk25-serial-256m|$JDK25|-XX:+UseSerialGC -Xmx256m"
  "jdk25-serial-256m-aot|$JDK25|-XX:+UseSerialGC -Xmx256m -XX:AOTCache=$OUT/user-service.aot"
)

die() {
  echo "tune: $*" >&2
  exit 1
}

# The service started once with the archive-making option, asked for what a run asks (readiness, a registration, a
# login, a Bearer lookup), then stopped: the JVM writes the archive as it exits. Redone when the jar is newer.
train() {
  local jdk=$1 option=$2 archive=$3 dir port pid token
  [ -f "$archive" ] && [ "$archive" -nt "$REPO/target/user-service.jar" ] && return 0
  echo "tune: training run for $archive" >&2
  dir=$(mktemp -d "${TMPDIR:-/tmp}/user-service-train.XXXXXX")
  port=$((20000 + RANDOM % 20000))
  cat >"$dir/config.json" <<EOF
{"http": {"host": "127.0.0.1", "port": $port}, "tls": {"certPath": "$dir/server.crt", "keyPath": "$dir/server.key"},
 "db": {"path": "$dir/users.db"}, "tokens": {"keysPath": "$dir/jwt-keys.json"}}
EOF
  PATH=${jdk:+$jdk:}$PATH JAVA_OPTS="-XX:+UseSerialGC -Xmx256m $option" "$REPO/run.sh" -conf "$dir/config.json" >"$dir/log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do curl -sfk -o /dev/null "https://127.0.0.1:$port/health/ready" && break; sleep 0.1; done
  curl -sk -o /dev/null -X POST "https://127.0.0.1:$port/user/" -H 'Content-Type: application/json' \
    -d '{"login":"trainer","password":"correct horse battery staple 42"}'
  token=$(curl -sk -X POST "https://127.0.0.1:$port/login" -H 'Content-Type: application/json' \
    -d '{"login":"trainer","password":"correct horse battery staple 42"}' | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
  curl -sk -o /dev/null -H "Authorization: Bearer $token" "https://127.0.0.1:$port/user/trainer"
  kill -TERM "$pid"
  wait "$pid" || true
  rm -rf "$dir"
  [ -f "$archive" ] || die "the training run made no $archive"
}

main() {
  mkdir -p "$OUT"
  local wanted=("$@") table=$BENCH/TUNING.md
  if [ ! -f "$REPO/target/user-service.jar" ] || [ -n "$(find "$REPO/pom.xml" "$REPO/src" -newer "$REPO/target/user-service.jar" -print -quit)" ]; then
    (cd "$REPO" && mvn -B -q package -DskipTests)
  fi
  mkdir -p "$OUT/classes"
  javac -nowarn -cp "$REPO/target/user-service.jar" -d "$OUT/classes" "$BENCH/Report.java" "$BENCH/Chart.java" 2>/dev/null
  for entry in "${CONFIGURATIONS[@]}"; do
    IFS='|' read -r name jdk opts settings <<<"$entry"
    if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $name "* ]]; then continue; fi
    case "$opts" in
      *SharedArchiveFile*) train "$jdk" "-XX:ArchiveClassesAtExit=$OUT/user-service.jsa" "$OUT/user-service.jsa" ;;
      *AOTCache=*) train "$jdk" "-XX:AOTCacheOutput=$OUT/user-service.aot" "$OUT/user-service.aot" ;;
    esac
    echo "tune: $name (JAVA_OPTS='$opts' $settings)" >&2
    # shellcheck disable=SC2086 # settings is a list of NAME=value words
    env ${settings:-} PATH="${jdk:+$jdk:}$PATH" JAVA_OPTS="$opts" BENCH_OUT="$OUT/tune-$name.md" \
      "$BENCH/run.sh" --quick --only "$SECTIONS" >/dev/null
    java -cp "$REPO/target/user-service.jar:$OUT/classes" Report "$(ls -t "$OUT"/*-results.jsonl | head -n 1)" --summary "$name" \
      >"$OUT/tune-row-$name.md"
    cat "$OUT/tune-row-$name.md" >&2
  done
  # the table holds every configuration measured so far (runs of a few names add to it), in the list's order
  {
    echo "# Tuning pass"
    echo
    echo "\`bench/tune.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Each row: \`bench/run.sh --quick --only $SECTIONS\` with BENCH_REPS=$BENCH_REPS, medians; the full tables of each run"
    echo "are in bench/out/tune-NAME.md. Configurations named after their JAVA_OPTS and BENCH_* settings (see bench/tune.sh)."
    echo
    java -cp "$REPO/target/user-service.jar:$OUT/classes" Report --header
    for entry in "${CONFIGURATIONS[@]}"; do
      [ -f "$OUT/tune-row-${entry%%|*}.md" ] && cat "$OUT/tune-row-${entry%%|*}.md"
    done
  } >"$table"
  cat "$table"
}

main "$@"
