#!/usr/bin/env bash
# The benchmark of user-service (issue 6, item 4). Not a test: it measures, prints markdown tables and writes them,
# with the machine's description, to bench/RESULTS.md. See README.md, "Benchmark".
#
#   bench/run.sh                 full run: 3 repetitions of everything cheap, medians (about an hour)
#   bench/run.sh --quick         1 repetition, short windows, stores of 10k and 100k users (about 6 minutes)
#   bench/run.sh --only LIST     some sections only, comma-separated: login (with the ceiling), register, burst, mixed, cluster,
#                                get, overload, keycloak, cold, scale, postgres (PostgreSQL beside SQLite, and moving
#                                100 000 users in and out of each), profile (not in a full run: a JFR recording of logins
#                                at 16 clients, summed up by bench/Profile.java into bench/out/STAMP-profile.md)
#   bench/run.sh --chart FILE    measures nothing: draws the chart of an earlier run again from its raw measurements
#                                (bench/out/STAMP-results.jsonl) and checks it, as below
#
# Only a full run writes bench/RESULTS.md; --quick and --only write bench/out/RESULTS-partial.md (git-ignored).
# Every run leaves its raw measurements (one JSON line each) and the service logs in bench/out/.
#
# From the same measurements every run draws a chart (bench/Chart.java, plain SVG): logins/s and their p99 against
# clients, the hash ceiling as a dashed line, the cluster with one hasher node and two. A full run writes
# bench/chart.svg (README.md shows it), any other bench/out/chart-partial.svg. Then it checks that the chart renders:
# headless Chromium takes a screenshot, bench/out/chart.png, and bench/ChartCheck.java fails the run when that
# picture is missing, of the wrong size, blank or mostly coloured (an error page). Without chromium it says the chart
# was not checked.
#
# Environment:
#   JAVA_OPTS             JVM options for the service, after ./run.sh's own defaults (the service is started by
#                         ./run.sh, as in production), and for the hash ceiling, e.g. JAVA_OPTS=-Xmx128m bench/run.sh
#   PATH                  picks the JDK, e.g. PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH bench/run.sh
#   BENCH_WORKERS         worker.instances (default: the service's own, = cores)
#   BENCH_HTTP_INSTANCES  http.instances (default: the service's own, = cores)
#   BENCH_MAX_QUEUE_WAIT_MS worker.maxQueueWaitMs (default: the service's own, 1000)
#   BENCH_OUT             write the tables to this file instead (tuning experiments)
#   BENCH_REPS            repetitions (default: 3, or 1 with --quick)
#
# Everything the service writes (database, keys, certificate, logs) goes to a temporary folder, removed at the end;
# every process started here is stopped at the end, also on Ctrl-C.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
JAR=$REPO/target/user-service.jar
CLK_TCK=$(getconf CLK_TCK)
CORES=$(nproc)
COMMAND="bench/run.sh${*:+ $*}"

MODE=full
ONLY=login,register,burst,mixed,get,overload,keycloak,cold,scale,cluster,postgres
CHART_OF=
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) MODE=quick ;;
    --only) ONLY=$2; MODE=${MODE/full/only}; shift ;;
    --chart) CHART_OF=$2; shift ;;
    -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see bench/run.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

# Durations. Argon2 code needs ~10 s of hashing before C2 has compiled it (until then a hash costs 3x more), and the
# service's JIT compilers take 5-7 % of its CPU for about two minutes of full load after start, so every JVM is warmed
# up before anything is measured (the service until its compilers are done, see warm_up); the GET routes too (the
# trivial route's cost falls 3x over its first 10 s). The cluster and PostgreSQL sections compare processes warmed up
# alike for a fixed time (FIXED_WARMUP), which is enough for their ratios.
if [ "$MODE" = quick ]; then
  REPS=1 SECS=4 WINDOW_WARMUP=1 SERVICE_WARMUP=20 SERVICE_WARMUP_MAX=60 FIXED_WARMUP=10 CEILING_WARMUP=8 CEILING_SECS=2 GET_SECS=4 GET_WARMUP=3
  OVERLOAD_SECS=10 OVERLOAD_REPS=1 COLD_REPS=1 SIZES="10000 100000" SCALE_REG_SECS=4 CLUSTER_SECS=10
else
  REPS=3 SECS=8 WINDOW_WARMUP=2 SERVICE_WARMUP=60 SERVICE_WARMUP_MAX=120 FIXED_WARMUP=30 CEILING_WARMUP=10 CEILING_SECS=4 GET_SECS=10 GET_WARMUP=8
  OVERLOAD_SECS=30 OVERLOAD_REPS=1 COLD_REPS=5 SIZES="10000 100000 1000000" SCALE_REG_SECS=6 CLUSTER_SECS=20
fi
REPS=${BENCH_REPS:-$REPS} # the tuning pass asks for 2
CONCURRENCIES=1,4,16,64
OVERLOAD_CLIENTS=256
POOL_USERS=64
PASSWORD="correct horse battery staple 42" # must match LoadClient.PASSWORD
KEYCLOAK_ARGON2='"memoryKiB": 7168, "iterations": 5, "parallelism": 1'
DEFAULT_ARGON2='"memoryKiB": 19456, "iterations": 2, "parallelism": 1'

OUT=$BENCH/out
LAUNCHER=("$REPO/run.sh") # how start_service starts the service: as production does, unless the cold starts say otherwise
WORK=
PIDS=()
CEILING_PID=
PG_DIR=

die() {
  echo "bench: $*" >&2
  exit 1
}

log() {
  printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

cleanup() {
  local status=$?
  [ -n "$CEILING_PID" ] && kill "$CEILING_PID" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_postgres
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    # keep the service logs for a post-mortem, never the databases, keys or certificates
    find "$WORK" -name 'service.log' -exec sh -c 'cp "$1" "$2/$(basename "$(dirname "$1")").log"' _ {} "$OUT" \; 2>/dev/null || true
    [ -d "$WORK/cluster" ] && for node in "$WORK"/cluster/*.log; do cp "$node" "$OUT/cluster-$(basename "$node")"; done 2>/dev/null || true
    rm -rf "$WORK"
  fi
  exit "$status"
}

wants() {
  [[ ",$ONLY," == *",$1,"* ]]
}

# One JSON line of metadata for Report.java: meta KEY VALUE
meta() {
  local value=${2//\\/\\\\}
  value=${value//\"/\\\"}
  value=${value//$'\n'/ \/ }
  printf '{"section":"meta","key":"%s","value":"%s"}\n' "$1" "$value" >>"$RESULTS"
}

# utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat; the name may hold spaces)
cpu_ticks() {
  sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

# busy clock ticks of the whole machine: all but idle and iowait
machine_ticks() {
  awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat
}

rss_kib() {
  awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"
}

free_port() {
  local port
  for _ in $(seq 100); do
    port=$((40000 + RANDOM % 20000)) # run.sh's class-archive recording takes the first free port from 20000
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  die "no free port"
}

# ------------------------------------------------------------------------------------------------- the service

# write_config DIR PORT ARGON2 [DB]: the service's config, every path under DIR; DB is the "db" section (default: SQLite
# in DIR). Throttling is relaxed so that the wrong-password and unknown-login runs measure hashing, not 429s (said so in
# the results).
write_config() {
  local dir=$1 port=$2 argon2=$3 db=${4:-"{\"path\": \"$1/data/users.db\"}"} worker=() http=""
  [ -n "${BENCH_WORKERS:-}" ] && worker+=("\"instances\": $BENCH_WORKERS")
  [ -n "${BENCH_MAX_QUEUE_WAIT_MS:-}" ] && worker+=("\"maxQueueWaitMs\": $BENCH_MAX_QUEUE_WAIT_MS")
  [ -n "${BENCH_HTTP_INSTANCES:-}" ] && http=", \"instances\": $BENCH_HTTP_INSTANCES"
  mkdir -p "$dir/certs"
  cat >"$dir/config.json" <<EOF
{
  "http": {"host": "127.0.0.1", "port": $port$http},
  "tls": {"certPath": "$dir/certs/server.crt", "keyPath": "$dir/certs/server.key"},
  "db": $db,
  "tokens": {"keysPath": "$dir/data/jwt-keys.json"},
  "argon2": {$argon2},
  "throttle": {"accountBackoffAfterFailures": 1000, "addressFailuresPerMinute": 1000000},
  "admins": ["bench-admin"],
  "worker": {$(IFS=,; echo "${worker[*]:-}")}
}
EOF
}

# start_service NAME ARGON2 [reuse|DB]: starts the service exactly as ./run.sh does (JAVA_OPTS included), on a fresh
# folder unless "reuse" (DB: the "db" section, for PostgreSQL); sets SVC_PID, SVC_PORT, SVC_DIR and BASE, and waits for
# the first 200 from the readiness route.
start_service() {
  SVC_DIR=$WORK/$1
  if [ "${3:-}" != reuse ]; then
    rm -rf "$SVC_DIR"
    SVC_PORT=$(free_port)
    write_config "$SVC_DIR" "$SVC_PORT" "$2" "${3:-}"
  fi
  BASE=https://127.0.0.1:$SVC_PORT
  START_NS=$(date +%s%N)
  "${LAUNCHER[@]}" -conf "$SVC_DIR/config.json" >>"$SVC_DIR/service.log" 2>&1 &
  SVC_PID=$!
  PIDS+=("$SVC_PID")
  await_ready || die "the service did not become ready: see $SVC_DIR/service.log"$'\n'"$(tail -n 5 "$SVC_DIR/service.log")"
  READY_SECS=$(awk -v a="$START_NS" -v b="$(date +%s%N)" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
}

# Polls cheaply: the port every 10 ms (bash builtin, no process started), then HTTPS with curl every 50 ms (each
# attempt is a TLS handshake the cold service pays for). /health/ready when the service has it; older builds only
# have /health (the same checks), which is used instead, and said so.
await_ready() {
  local code
  for _ in $(seq 6000); do
    kill -0 "$SVC_PID" 2>/dev/null || return 1
    if (exec 3<>"/dev/tcp/127.0.0.1/$SVC_PORT") 2>/dev/null; then
      code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 5 "$BASE$READY_PATH" || true)
      [ "$code" = 200 ] && return 0
      if [ "$code" = 404 ] && [ "$READY_PATH" = /health/ready ]; then
        READY_PATH=/health
        meta note "this build has no /health/ready: readiness is taken from /health, which runs the same checks"
        continue
      fi
      sleep 0.04
    fi
    sleep 0.01
  done
  return 1
}

stop_service() {
  kill -TERM "$SVC_PID" 2>/dev/null || true
  wait "$SVC_PID" 2>/dev/null || true
}

# ------------------------------------------------------------------------------------------ load and the ceiling

client() {
  # the load client's own JVM options: small and fixed, so JAVA_OPTS experiments change the service only
  java -XX:+UseSerialGC -Xms64m -Xmx256m -XX:TieredStopAtLevel=1 -cp "$JAR:$WORK/classes" LoadClient "$@" \
    port="$SVC_PORT" pid="$SVC_PID" clk="$CLK_TCK" 2>>"$WORK/client.log" | tee -a "$RESULTS" >/dev/null
}

# The JVM options ./run.sh gives the service: its DEFAULT_JAVA_OPTS (when it has them; an @file, as conf/jvm.options,
# read as java reads it, since the ceiling does not start in the repository), then JAVA_OPTS
service_jvm_options() {
  echo "$(run_sh_defaults) ${JAVA_OPTS:-}" | xargs
}

run_sh_defaults() {
  local defaults
  defaults=$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' "$REPO/run.sh")
  if [[ "$defaults" == @* ]]; then
    sed 's/#.*//' "$REPO/${defaults#@}" | xargs
  else
    echo "$defaults"
  fi
}

# The hash ceiling runs as a coprocess: warmed up once, then asked for one repetition at a time between the
# service's runs, so that noise from other processes hits the ceiling and the service alike. Same JVM options as
# the service (not its class archive, which fits the service's class path only).
start_ceiling() {
  local label=$1 m=$2 t=$3 p=$4 line
  # shellcheck disable=SC2046 # a list of options, as in ./run.sh
  coproc CEILING { exec java $(service_jvm_options) -cp "$JAR:$WORK/classes" HashCeiling m="$m" t="$t" p="$p" threads="$CORES" \
    warmup="$CEILING_WARMUP" label="$label" clk="$CLK_TCK" 2>>"$WORK/ceiling.log"; }
  read -r line <&"${CEILING[0]}" || die "the hash ceiling did not start: $(tail -n 5 "$WORK/ceiling.log")"
}

ceiling_rep() {
  local line
  echo "$1 $CEILING_SECS" >&"${CEILING[1]}"
  while read -r line <&"${CEILING[0]}"; do
    [[ "$line" == '{"done"'* ]] && return 0
    echo "$line" >>"$RESULTS"
  done
  die "the hash ceiling stopped: $(tail -n 5 "$WORK/ceiling.log")"
}

stop_ceiling() {
  local pid=$CEILING_PID
  eval "exec ${CEILING[1]}>&-" # end of input: the ceiling exits
  wait "$pid" 2>/dev/null || true
  CEILING_PID=
}

# warm_up POOL: logins at 16 clients, in 10-s slices, until the service's JIT compilers have done their work: at least
# SERVICE_WARMUP seconds, then until a slice in which they took under 1 % of the service's CPU (at most
# SERVICE_WARMUP_MAX). At 60 logins/s the request path takes the JIT one to two minutes under full load, during which
# the compilers take 5-7 % of the CPU: measured earlier, the service would be measured while still starting, not as
# it runs for hours (the ceiling's small loop is compiled within its own warm-up). Writes a "warmup" line: how long, and
# the compilers' share in the last slice.
warm_up() {
  local pool=$1 secs=0 jit0 jit1 cpu0 cpu1 share=1
  log "warming the service up: logins until its JIT compilers are done (${SERVICE_WARMUP}-${SERVICE_WARMUP_MAX}s)"
  while [ "$secs" -lt "$SERVICE_WARMUP_MAX" ]; do
    jit0=$(jit_ticks "$SVC_PID")
    cpu0=$(cpu_ticks "$SVC_PID")
    client login section=warmup users="$pool" conc=16 reps=1 secs=10 warmup=0
    jit1=$(jit_ticks "$SVC_PID")
    cpu1=$(cpu_ticks "$SVC_PID")
    secs=$((secs + 10))
    share=$(awk -v j=$((jit1 - jit0)) -v c=$((cpu1 - cpu0)) 'BEGIN {printf "%.4f", (c > 0 ? j / c : 1)}')
    if [ "$secs" -ge "$SERVICE_WARMUP" ] && awk -v s="$share" 'BEGIN {exit !(s < 0.01)}'; then
      break
    fi
  done
  printf '{"section":"jit-warmup","secs":%d,"jitShare":%s}\n' "$secs" "$share" >>"$RESULTS"
}

# utime + stime of the JVM's compiler threads ("C1 CompilerThre", "C2 CompilerThre"), in clock ticks
jit_ticks() {
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '/\(C[12] CompilerThre/ {sub(/^.*\) /, ""); split($0, f, " "); t += f[12] + f[13]} END {print t + 0}'
}

# Each repetition after the first on fresh JVMs, the ceiling's and the service's: on this kind of VM the speed of
# Argon2 differs from process to process (two copies of one jar side by side: up to a fifth apart, for their whole
# lifetime), so one process of each would be a single draw, not a median.
renew_processes() {
  local label=$1 m=$2 t=$3 p=$4 service=$5 argon2=$6 pool=$7
  stop_ceiling
  stop_service
  start_ceiling "$label" "$m" "$t" "$p"
  start_service "$service" "$argon2" reuse
  warm_up "$pool"
}

# wrk_run SECTION LABEL REP CONNS SECS PATH -- SCRIPT-ARGS: one wrk window, with the service's CPU around it
wrk_run() {
  local section=$1 label=$2 rep=$3 conns=$4 secs=$5 path=$6 svc0 svc1 m0 m1 line wrk_cpu
  shift 7
  svc0=$(cpu_ticks "$SVC_PID")
  m0=$(machine_ticks)
  local TIMEFORMAT='%U %S'
  { time wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$BENCH/wrk/get.lua" "$BASE$path" -- "$@" \
      >"$WORK/wrk.out" 2>&1; } 2>"$WORK/wrk.time"
  svc1=$(cpu_ticks "$SVC_PID")
  m1=$(machine_ticks)
  line=$(grep '^{' "$WORK/wrk.out" | tail -n 1) || die "wrk printed no result: $(cat "$WORK/wrk.out")"
  wrk_cpu=$(awk '{printf "%.0f", ($1 + $2) * 1000}' "$WORK/wrk.time")
  [ "$section" = warmup ] && return 0
  awk -v line="$line" -v s="$section" -v l="$label" -v r="$rep" -v c="$conns" -v svc=$(((svc1 - svc0) * 1000 / CLK_TCK)) \
    -v busy=$(((m1 - m0) * 1000 / CLK_TCK)) -v wrkms="$wrk_cpu" -v rss="$(rss_kib "$SVC_PID" VmRSS)" 'BEGIN {
      match(line, /"secs":[0-9.]+/); secs = substr(line, RSTART + 7, RLENGTH - 7) + 0
      match(line, /"requests":[0-9]+/); n = substr(line, RSTART + 11, RLENGTH - 11) + 0
      per_request = (n > 0) ? svc * 1000 / n : 0
      other = busy - svc - wrkms; if (other < 0) other = 0
      sub(/}$/, "", line)
      printf "%s,\"section\":\"%s\",\"label\":\"%s\",\"rep\":%d,\"conc\":%d,\"svcCpuMs\":%d,\"svcCpuUsPerReq\":%.1f,", line, s, l, r, c, svc, per_request
      printf "\"svcCores\":%.3f,\"clientCores\":%.3f,\"otherCores\":%.3f,\"rssMB\":%.1f}\n", svc / secs / 1000, wrkms / secs / 1000, other / secs / 1000, rss / 1024
    }' >>"$RESULTS"
}

# ---------------------------------------------------------------------------------------------------- sections

# The service with the shipped Argon2 parameters: ceiling and logins interleaved, registrations, wrong password
# and unknown login side by side, the GET routes, overload, and the check that nobody was lost.
default_params() {
  log "default parameters: starting the hash ceiling (warm-up ${CEILING_WARMUP}s) and the service"
  if wants login; then start_ceiling default 19456 2 1; fi
  start_service main "$DEFAULT_ARGON2"
  client setup users="$WORK/pool.txt" count="$POOL_USERS" prefix=pool conc=4
  warm_up "$WORK/pool.txt"
  if wants login; then
    for rep in $(seq "$REPS"); do
      log "ceiling and logins, repetition $rep/$REPS"
      if [ "$rep" -gt 1 ]; then renew_processes default 19456 2 1 main "$DEFAULT_ARGON2" "$WORK/pool.txt"; fi
      ceiling_rep "$rep"
      client login users="$WORK/pool.txt" conc="$CONCURRENCIES" reps=1 rep="$rep" secs="$SECS" warmup="$WINDOW_WARMUP"
    done
    stop_ceiling
  fi
  : >"$WORK/registered.txt"
  if wants register; then
    log "registrations"
    client register registered="$WORK/registered.txt" conc="$CONCURRENCIES" reps="$REPS" secs="$SECS" warmup="$WINDOW_WARMUP"
  fi
  if wants burst; then
    log "bursts: 50 registrations of distinct logins at once, 20 of one login"
    client burst count=50 login=distinct
    client burst count=20 login=same
  fi
  if wants mixed; then
    log "right password, wrong password and unknown login side by side"
    client mixed users="$WORK/pool.txt" conc=1,4 reps="$REPS" secs="$SECS" warmup="$WINDOW_WARMUP"
  fi
  if wants get; then
    get_routes
  fi
  if wants overload; then
    overload
  fi
  meta rss_after_load_mb "$(awk '{printf "%.0f", $1 / 1024}' <<<"$(rss_kib "$SVC_PID" VmRSS)")"
  meta hwm_mb "$(awk '{printf "%.0f", $1 / 1024}' <<<"$(rss_kib "$SVC_PID" VmHWM)")"
  stop_service
}

# GET /user/{login} with a Bearer token beside the trivial route, alternating which goes first, c=64 (wrk)
get_routes() {
  local live=/health/live
  [ "$(curl -sk -o /dev/null -w '%{http_code}' "$BASE/health/live")" = 200 ] || {
    live=/.well-known/jwks.json
    meta note "this build has no /health/live: the trivial route measured is GET /.well-known/jwks.json (in memory)"
  }
  meta trivial_route "$live"
  log "GET routes: access tokens for the pool, then Bearer lookups beside $live"
  : >"$WORK/tokens.txt"
  client check section=tokens users="$WORK/pool.txt" tokens="$WORK/tokens.txt" conc=4
  wrk_run warmup - 0 64 "$GET_WARMUP" "$live" -- plain
  wrk_run warmup - 0 64 "$GET_WARMUP" /user/ -- tokens "$WORK/tokens.txt"
  for rep in $(seq "$REPS"); do
    if [ $((rep % 2)) = 1 ]; then
      wrk_run get trivial "$rep" 64 "$GET_SECS" "$live" -- plain
      wrk_run get bearer "$rep" 64 "$GET_SECS" /user/ -- tokens "$WORK/tokens.txt"
    else
      wrk_run get bearer "$rep" 64 "$GET_SECS" /user/ -- tokens "$WORK/tokens.txt"
      wrk_run get trivial "$rep" 64 "$GET_SECS" "$live" -- plain
    fi
  done
}

# 256 login clients, well-behaved (Retry-After honoured) then hostile (resend at once), each after 5 s of warm-up
# (256 TLS handshakes take seconds on 2 busy cores); then every user registered
# before is logged in once more, and the database counted.
overload() {
  local before
  before=$(sqlite3 "$SVC_DIR/data/users.db" 'SELECT count(*) FROM users')
  for rep in $(seq "$OVERLOAD_REPS"); do
    log "overload: $OVERLOAD_CLIENTS well-behaved clients for ${OVERLOAD_SECS}s"
    client overload users="$WORK/pool.txt" conc="$OVERLOAD_CLIENTS" polite=true reps=1 rep="$rep" secs="$OVERLOAD_SECS" warmup=5
    log "overload: $OVERLOAD_CLIENTS hostile clients for ${OVERLOAD_SECS}s"
    client overload users="$WORK/pool.txt" conc="$OVERLOAD_CLIENTS" polite=false reps=1 rep="$rep" secs="$OVERLOAD_SECS" warmup=5
  done
  log "after the flood: logging in every user registered before it"
  cat "$WORK/pool.txt" "$WORK/registered.txt" >"$WORK/everyone.txt"
  client check section=lost users="$WORK/everyone.txt" conc=4
  meta users_in_db_before_flood "$before"
  meta users_in_db_after_flood "$(sqlite3 "$SVC_DIR/data/users.db" 'SELECT count(*) FROM users')"
  meta users_acknowledged "$(wc -l <"$WORK/everyone.txt")"
}

# The same logins and registrations with Keycloak's Argon2id parameters, for a comparison at equal cost
keycloak_params() {
  log "Keycloak's parameters (m=7168, t=5, p=1): ceiling and service"
  start_ceiling keycloak 7168 5 1
  start_service keycloak "$KEYCLOAK_ARGON2"
  client setup users="$WORK/kc-pool.txt" count="$POOL_USERS" prefix=pool conc=4
  warm_up "$WORK/kc-pool.txt"
  for rep in $(seq "$REPS"); do
    log "Keycloak's parameters, repetition $rep/$REPS"
    if [ "$rep" -gt 1 ]; then renew_processes keycloak 7168 5 1 keycloak "$KEYCLOAK_ARGON2" "$WORK/kc-pool.txt"; fi
    ceiling_rep "$rep"
    client login label=keycloak users="$WORK/kc-pool.txt" conc="$CONCURRENCIES" reps=1 rep="$rep" secs="$SECS" warmup="$WINDOW_WARMUP"
    client register label=keycloak conc="$CONCURRENCIES" reps=1 rep="$rep" secs="$SECS" warmup="$WINDOW_WARMUP"
  done
  stop_ceiling
  stop_service
}

# ------------------------------------------------------------------------------------------------------ cluster

# heavy hashes, and a queue budget the 8 clients fit in with one hasher thread: the scaling shows hashing capacity, not shedding
HEAVY_ARGON2_ENV="USER_SERVICE_ARGON2_MEMORY_KIB=131072 USER_SERVICE_ARGON2_ITERATIONS=3 USER_SERVICE_WORKER_MAX_QUEUE_WAIT_MS=5000"

# cluster_node NAME ROLES CPUS [VAR=VALUE...]: a node of a loopback cluster, the built jar with -cluster, pinned to CPUS
# (taskset), its settings as overrides; sets NODE_PID, NODE_HTTPS and NODE_MANAGEMENT.
cluster_node() {
  local name=$1 roles=$2 cpus=$3
  shift 3
  mkdir -p "$WORK/cluster/$name"
  NODE_HTTPS=$(free_port)
  NODE_MANAGEMENT=$(free_port)
  # shellcheck disable=SC2046
  (cd "$WORK/cluster/$name" && exec env "$@" USER_SERVICE_CLUSTER_ROLES="$roles" USER_SERVICE_CLUSTER_MEMBERS="$CLUSTER_MEMBERS" \
    USER_SERVICE_CLUSTER_NAME="$CLUSTER_NAME" USER_SERVICE_CLUSTER_PORT="${CLUSTER_PORTS[$name]}" USER_SERVICE_CLUSTER_BUS_PORT="$(free_port)" \
    USER_SERVICE_CLUSTER_CERT_PATH="$WORK/cluster/certs/$name.crt" USER_SERVICE_CLUSTER_KEY_PATH="$WORK/cluster/certs/$name.key" \
    USER_SERVICE_CLUSTER_CA_PATH="$WORK/cluster/certs/ca.crt" USER_SERVICE_HTTP_HOST=127.0.0.1 USER_SERVICE_HTTP_PORT="$NODE_HTTPS" \
    USER_SERVICE_MANAGEMENT_PORT="$NODE_MANAGEMENT" USER_SERVICE_THROTTLE_ACCOUNT_BACKOFF_AFTER_FAILURES=1000 \
    taskset -c "$cpus" java $(service_jvm_options) -Xmx512m -jar "$JAR" -cluster >"$WORK/cluster/$name.log" 2>&1) &
  NODE_PID=$!
  PIDS+=("$NODE_PID")
  for _ in $(seq 1200); do
    curl -sf -o /dev/null "http://127.0.0.1:$NODE_MANAGEMENT/health/ready" && return 0
    kill -0 "$NODE_PID" 2>/dev/null || break
    sleep 0.1
  done
  die "cluster node $name did not become ready: $(tail -n 5 "$WORK/cluster/$name.log")"
}

# new_cluster NAME NODE...: a cluster of its own (name, Hazelcast ports, member list) for the nodes started next
new_cluster() {
  local node
  CLUSTER_NAME="bench-$$-$1"
  shift
  declare -gA CLUSTER_PORTS=()
  CLUSTER_MEMBERS=
  for node in "$@"; do
    CLUSTER_PORTS[$node]=$(free_port)
    CLUSTER_MEMBERS="$CLUSTER_MEMBERS${CLUSTER_MEMBERS:+,}127.0.0.1:${CLUSTER_PORTS[$node]}"
  done
}

# Sum of utime + stime of several processes, in clock ticks
cpu_ticks_of() {
  local sum=0 pid
  for pid in "$@"; do sum=$((sum + $(cpu_ticks "$pid"))); done
  echo "$sum"
}

# cluster_window LABEL CONC PIDS...: one login window against the edge at SVC_PORT; one JSON line with the logins/s the
# client measured and the CPU-ms per login of all the given processes together
cluster_window() {
  local label=$1 conc=$2 t0 t1 line
  shift 2
  t0=$(cpu_ticks_of "$@")
  local per0=() per1=() pid
  for pid in "$@"; do per0+=("$(cpu_ticks "$pid")"); done
  line=$(java -XX:+UseSerialGC -Xms64m -Xmx256m -XX:TieredStopAtLevel=1 -cp "$JAR:$WORK/classes" LoadClient login \
    users="$WORK/cluster-pool.txt" conc="$conc" reps=1 secs="$CLUSTER_SECS" warmup="$WINDOW_WARMUP" port="$SVC_PORT" pid="$1" clk="$CLK_TCK" 2>>"$WORK/client.log")
  t1=$(cpu_ticks_of "$@")
  for pid in "$@"; do per1+=("$(cpu_ticks "$pid")"); done
  local per=""
  for i in "${!per0[@]}"; do per="$per${per:+,}$(( (per1[i] - per0[i]) * 1000 / CLK_TCK ))"; done
  awk -v line="$line" -v label="$label" -v ticks=$((t1 - t0)) -v clk="$CLK_TCK" -v nodes=$# -v per="$per" 'BEGIN {
      match(line, /"ok":[0-9]+/); ok = substr(line, RSTART + 5, RLENGTH - 5) + 0
      match(line, /"okPerSec":[0-9.]+/); rate = substr(line, RSTART + 11, RLENGTH - 11) + 0
      match(line, /"statuses":\{[^}]*\}/); statuses = substr(line, RSTART + 11, RLENGTH - 11)
      printf "{\"section\":\"cluster\",\"label\":\"%s\",\"nodes\":%d,\"okPerSec\":%s,\"statuses\":%s,\"cpuMsPerLogin\":%.2f,\"cpuMsByNode\":[%s]}\n",
        label, nodes, rate, statuses, (ok > 0 ? ticks * 1000 / clk / ok : 0), per
    }' >>"$RESULTS"
}

# The cluster: hashers added node by node (scaling), the cost of the hops, and a hasher killed under load
cluster_section() {
  local edge_store hasher1 hasher2 single name
  log "cluster: certificates and nodes"
  java -cp "$JAR" io.github.userservice.cluster.ClusterCertificates "$WORK/cluster/certs" front edge store hasher-1 hasher-2 >/dev/null

  # 1. scaling: heavy Argon2 (hashing is nearly all the work), an edge-and-store node, then one and two hashers
  # pinned to one core each; beside them the single node on both cores, same parameters
  log "cluster: scaling with m=131072, t=3: one pinned hasher, then two"
  new_cluster scaling front hasher-1 hasher-2
  # shellcheck disable=SC2086
  cluster_node hasher-1 hasher 0 $HEAVY_ARGON2_ENV
  hasher1=$NODE_PID
  # shellcheck disable=SC2086
  cluster_node front edge,store 0,1 $HEAVY_ARGON2_ENV
  edge_store=$NODE_PID
  SVC_PORT=$NODE_HTTPS
  SVC_PID=$NODE_PID
  client setup users="$WORK/cluster-pool.txt" count=8 prefix=cluster conc=4
  # Argon2 takes seconds of hashing before C2 compiled it, and every JVM its own: each node is warmed up before it counts
  client login section=warmup users="$WORK/cluster-pool.txt" conc=4 reps=1 secs="$FIXED_WARMUP" warmup=1
  cluster_window scaling-1-hasher 8 "$edge_store" "$hasher1"
  # shellcheck disable=SC2086
  cluster_node hasher-2 hasher 1 $HEAVY_ARGON2_ENV
  hasher2=$NODE_PID
  client login section=warmup users="$WORK/cluster-pool.txt" conc=4 reps=1 secs="$FIXED_WARMUP" warmup=1
  cluster_window scaling-2-hashers 8 "$edge_store" "$hasher1" "$hasher2"
  kill -TERM "$edge_store" "$hasher1" "$hasher2" 2>/dev/null || true
  wait "$edge_store" "$hasher1" "$hasher2" 2>/dev/null || true
  BENCH_MAX_QUEUE_WAIT_MS=5000 JAVA_OPTS="${JAVA_OPTS:-} -Xmx512m" start_service cluster-single "\"memoryKiB\": 131072, \"iterations\": 3, \"parallelism\": 1"
  client setup users="$WORK/cluster-pool.txt" count=8 prefix=single conc=4
  client login section=warmup users="$WORK/cluster-pool.txt" conc=4 reps=1 secs="$FIXED_WARMUP" warmup=1
  cluster_window scaling-single-node 8 "$SVC_PID"
  stop_service

  # 2. the hops' cost: shipped parameters, edge, store and hasher each a JVM, against the single node
  log "cluster: CPU per login, three nodes against one"
  new_cluster hops edge store hasher-1 hasher-2
  cluster_node hasher-1 hasher 0,1
  hasher1=$NODE_PID
  cluster_node store store 0,1
  local store=$NODE_PID
  cluster_node edge edge 0,1
  local edge=$NODE_PID
  SVC_PORT=$NODE_HTTPS
  SVC_PID=$NODE_PID
  client setup users="$WORK/cluster-pool.txt" count=16 prefix=hop conc=4
  client login section=warmup users="$WORK/cluster-pool.txt" conc=2 reps=1 secs="$FIXED_WARMUP" warmup=1
  cluster_window hop-cluster 16 "$edge" "$store" "$hasher1"

  # 3. kill -9 of a hasher under load: logins second by second around it
  log "cluster: kill -9 of a hasher under load"
  cluster_node hasher-2 hasher 0,1
  hasher2=$NODE_PID
  (sleep 10 && kill -KILL "$hasher2") &
  java -XX:+UseSerialGC -Xms64m -Xmx256m -XX:TieredStopAtLevel=1 -cp "$JAR:$WORK/classes" LoadClient timeline section=cluster-kill \
    users="$WORK/cluster-pool.txt" conc=8 secs=40 port="$SVC_PORT" clk="$CLK_TCK" 2>>"$WORK/client.log" >>"$RESULTS"
  kill -TERM "$edge" "$store" "$hasher1" 2>/dev/null || true
  wait "$edge" "$store" "$hasher1" 2>/dev/null || true

  start_service cluster-hop "$DEFAULT_ARGON2"
  client setup users="$WORK/cluster-pool.txt" count=16 prefix=hopsingle conc=4
  client login section=warmup users="$WORK/cluster-pool.txt" conc=2 reps=1 secs="$FIXED_WARMUP" warmup=1
  cluster_window hop-single-node 16 "$SVC_PID"
  stop_service
}

# Seconds from starting the service to the first 200 from the readiness route, on an empty folder (it makes its
# certificate, keys and database) and on a restart; resident memory 5 s later, idle.
cold_start() {
  local jdk25 launch
  jdk25=$(ls -d /usr/lib/jvm/*-25-* 2>/dev/null | head -n 1)
  for launch in run.sh "java @conf/jvm.options -jar" "java -jar" ${jdk25:+"run.sh on JDK 25"}; do
    case "$launch" in
      run.sh) LAUNCHER=("$REPO/run.sh") ;;
      "java @conf/jvm.options -jar") LAUNCHER=(java "@$REPO/conf/jvm.options" -jar "$JAR") ;; # as the README says
      "java -jar") LAUNCHER=(java -jar "$JAR") ;; # no options at all, as the design card runs it
      *) LAUNCHER=(env PATH="$jdk25/bin:$PATH" "$REPO/run.sh") ;;
    esac
    # one start first, not measured: ./run.sh records its class archive at the first start after a build (per JDK)
    start_service cold "$DEFAULT_ARGON2"
    stop_service
    for rep in $(seq "$COLD_REPS"); do
      for kind in first restart; do
        if [ "$kind" = first ]; then
          start_service cold "$DEFAULT_ARGON2"
        else
          start_service cold "$DEFAULT_ARGON2" reuse
        fi
        sleep 5
        printf '{"section":"cold","launch":"%s","kind":"%s","rep":%d,"secs":%s,"idleRssMB":%s}\n' "$launch" "$kind" "$rep" \
          "$READY_SECS" "$(awk '{printf "%.1f", $1 / 1024}' <<<"$(rss_kib "$SVC_PID" VmRSS)")" >>"$RESULTS"
        log "cold start ($launch, $kind): ${READY_SECS}s"
        stop_service
      done
    done
  done
  LAUNCHER=("$REPO/run.sh")
}

# Registration and lookup cost with 10k, 100k and 1M stored users. The rows are inserted with sqlite3 while the
# service is stopped, all with one precomputed Argon2id hash (the admin's), rather than registered through the API.
store_scale() {
  local have=0 hash token
  start_service scale "$DEFAULT_ARGON2"
  curl -sk -o /dev/null -X POST "$BASE/user/" -H 'Content-Type: application/json' \
    -d "{\"login\":\"bench-admin\",\"password\":\"$PASSWORD\"}"
  hash=$(sqlite3 "$SVC_DIR/data/users.db" "SELECT password_hash FROM users WHERE login = 'bench-admin'")
  [ -n "$hash" ] || die "could not register the admin"
  stop_service
  for size in $SIZES; do
    log "store scale: $size users (inserting $((size - have)) rows with sqlite3)"
    sqlite3 "$SVC_DIR/data/users.db" >/dev/null <<EOF
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(x) AS (SELECT $have UNION ALL SELECT x + 1 FROM n WHERE x + 1 < $size)
INSERT INTO users (login, password_hash, registered_at, credential_version)
  SELECT printf('seed%07d', x), '$hash', '2026-01-01T00:00:00Z', 1 FROM n;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
EOF
    have=$size
    start_service scale "$DEFAULT_ARGON2" reuse
    token=$(curl -sk -X POST "$BASE/login" -H 'Content-Type: application/json' \
      -d "{\"login\":\"bench-admin\",\"password\":\"$PASSWORD\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
    [ -n "$token" ] || die "the admin could not log in"
    meta "db_mb_$size" "$(du -m "$SVC_DIR/data/users.db" | cut -f1)"
    client register section=scale-register label="$size" conc=1 reps=1 secs=3 warmup=2 >/dev/null # JIT warm-up
    client register section=scale-register label="$size" conc=1 reps="$REPS" secs="$SCALE_REG_SECS" warmup=1
    wrk_run warmup - 0 64 "$GET_WARMUP" /user/ -- admin "$token" seed "$size"
    for rep in $(seq "$REPS"); do
      wrk_run scale-lookup "$size" "$rep" 64 "$GET_SECS" /user/ -- admin "$token" seed "$size"
    done
    stop_service
  done
}

# ------------------------------------------------------------------------------------------------ PostgreSQL

# A PostgreSQL server of the bench's own (Debian's binaries, a temporary folder, a free port, as the postgres user when
# run as root: the server refuses root), with its default durability (fsync, synchronous commit), as SQLite's FULL.
start_postgres() {
  local bin as_postgres=()
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bin/initdb" ] || die "PostgreSQL is missing (Debian: apt-get install postgresql)"
  [ "$(id -u)" -eq 0 ] && as_postgres=(runuser -u postgres --)
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/user-service-bench-postgres.XXXXXX")
  PG_BIN=$bin
  PG_PORT=$(free_port)
  echo bench >"$PG_DIR/password"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$PG_DIR"
  "${as_postgres[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/password" --auth-host=scram-sha-256 \
    --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$WORK/postgres-init.log" 2>&1
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null
  PG_AS=("${as_postgres[@]}")
  cp "$PG_DIR/password" "$WORK/postgres-password"
  meta postgres "$("$bin/postgres" --version)"
}

stop_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}

# new_database NAME: an empty database, and the "db" section that names it
new_database() {
  PGPASSWORD=bench "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE $1" >/dev/null
  echo "{\"url\": \"postgresql://postgres@127.0.0.1:$PG_PORT/$1\", \"passwordFile\": \"$WORK/postgres-password\"}"
}

# start_on DB NAME: the service on SQLite or on a new PostgreSQL database, with its pool of users
start_on() {
  local db=$1 name=$2
  if [ "$db" = postgres ]; then
    start_service "$name" "$DEFAULT_ARGON2" "$(new_database "$name")"
  else
    start_service "$name" "$DEFAULT_ARGON2"
  fi
}

# Logins and registrations at the shipped parameters on each database in turn, fresh processes, interleaved; then
# 100 000 users imported and exported on each.
postgres_section() {
  local rep db name
  start_postgres
  for rep in $(seq "$REPS"); do
    for db in sqlite postgres; do
      log "PostgreSQL beside SQLite: $db, repetition $rep/$REPS"
      name=db_${db}_$rep
      start_on "$db" "$name"
      client setup users="$WORK/$name-pool.txt" count="$POOL_USERS" prefix=pool conc=4
      client login section=warmup users="$WORK/$name-pool.txt" conc=2 reps=1 secs="$FIXED_WARMUP" warmup=1
      client login section=db-login label="$db" users="$WORK/$name-pool.txt" conc=16 reps=1 rep="$rep" secs="$SECS" warmup="$WINDOW_WARMUP"
      client register section=db-register label="$db" conc=16 reps=1 rep="$rep" secs="$SECS" warmup="$WINDOW_WARMUP"
      stop_service
    done
  done
  for db in sqlite postgres; do
    transfer "$db"
  done
  stop_postgres
}

# transfer DB: 100 000 users imported through POST /admin/import, then exported through GET /admin/export, timed by curl;
# the service's peak RSS after each.
transfer() {
  local db=$1 users=100000 token hash file=$WORK/transfer-users.ndjson import export
  log "moving $users users in and out: $db"
  start_on "$db" "transfer_$db"
  curl -sk -o /dev/null -X POST "$BASE/user/" -H 'Content-Type: application/json' -d "{\"login\":\"bench-admin\",\"password\":\"$PASSWORD\"}"
  token=$(curl -sk -X POST "$BASE/login" -H 'Content-Type: application/json' \
    -d "{\"login\":\"bench-admin\",\"password\":\"$PASSWORD\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || die "the admin could not log in"
  hash=$(curl -sk -H "Authorization: Bearer $token" "$BASE/admin/export" | sed -n 's/.*"passwordHash":"\([^"]*\)".*/\1/p' | head -n 1)
  [ -f "$file" ] || awk -v n="$users" -v h="$hash" \
    'BEGIN { for (i = 0; i < n; i++) printf "{\"login\":\"moved%07d\",\"passwordHash\":\"%s\",\"registeredAt\":\"2026-01-01T00:00:00Z\"}\n", i, h }' >"$file"
  import=$(curl -sk -o "$WORK/transfer-import-$db.ndjson" -w '%{time_total}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/x-ndjson' --data-binary @"$file" "$BASE/admin/import")
  grep -q "\"created\":$users," "$WORK/transfer-import-$db.ndjson" || die "the import did not create $users users: $(tail -n 1 "$WORK/transfer-import-$db.ndjson")"
  printf '{"section":"transfer","label":"%s","op":"import","users":%d,"secs":%s,"hwmMB":%s}\n' "$db" "$users" "$import" \
    "$(awk '{printf "%.0f", $1 / 1024}' <<<"$(rss_kib "$SVC_PID" VmHWM)")" >>"$RESULTS"
  export=$(curl -sk -o "$WORK/transfer-export-$db.ndjson" -w '%{time_total}' -H "Authorization: Bearer $token" "$BASE/admin/export")
  [ "$(wc -l <"$WORK/transfer-export-$db.ndjson")" -eq $((users + 1)) ] || die "the export did not hold every user"
  printf '{"section":"transfer","label":"%s","op":"export","users":%d,"secs":%s,"hwmMB":%s}\n' "$db" $((users + 1)) "$export" \
    "$(awk '{printf "%.0f", $1 / 1024}' <<<"$(rss_kib "$SVC_PID" VmHWM)")" >>"$RESULTS"
  stop_service
}

# ------------------------------------------------------------------------------------------------------ the chart

# draw_chart RESULTS SVG: the chart of a run's raw measurements, from the medians Report.java computes for its tables
draw_chart() {
  java -cp "$JAR:$WORK/classes" Report "$1" --chart >"$2"
}

# check_chart SVG: what people will see, checked by looking at it: Chromium's screenshot, judged by ChartCheck.java.
# Called last, so that a chart that does not render fails the run after every result has been written.
check_chart() {
  local seen
  if ! command -v chromium >/dev/null; then
    log "the chart was NOT CHECKED: chromium is missing (Debian: apt-get install chromium)"
    return 0
  fi
  seen=$(java -cp "$WORK/classes" ChartCheck "$1" "$OUT/chart.png" "$(command -v chromium)" "$WORK/chromium-profile") \
    || die "THE CHART DOES NOT RENDER in Chromium: $seen"
  log "$seen (${1#"$REPO"/}; screenshot ${OUT#"$REPO"/}/chart.png)"
}

# --chart FILE: an earlier run's chart drawn again from its raw measurements, where that run would have written it
redraw_chart() {
  local svg=$OUT/chart-partial.svg
  [ -f "$CHART_OF" ] || die "no such file: $CHART_OF"
  grep -q '"key":"mode","value":"full"' "$CHART_OF" && svg=$BENCH/chart.svg
  draw_chart "$CHART_OF" "$svg"
  log "chart of $CHART_OF written to ${svg#"$REPO"/}"
  check_chart "$svg"
}

# ---------------------------------------------------------------------------------------------------- profile

# Not in a full run: where a login's CPU goes. A JFR recording (the JDK's "profile" settings, every compilation
# recorded) of a warmed-up service during one window of logins at 16 clients, summed up by bench/Profile.java into
# bench/out/STAMP-profile.md, beside the recording itself.
profile_logins() {
  local settings=$WORK/profile.jfc recording=$OUT/profile.jfr logins
  sed 's|<setting name="threshold" control="compiler-compilation-threshold">[^<]*<|<setting name="threshold">0 ms<|' \
    "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" >"$settings"
  log "profile: the service, warmed up, then ${SECS}s of logins at 16 clients under JFR"
  start_service profile "$DEFAULT_ARGON2"
  client setup users="$WORK/pool.txt" count="$POOL_USERS" prefix=pool conc=4
  warm_up "$WORK/pool.txt"
  jcmd "$SVC_PID" JFR.start name=bench settings="$settings" filename="$recording" >/dev/null
  client login section=profile users="$WORK/pool.txt" conc=16 reps=1 secs="$SECS" warmup=0
  jcmd "$SVC_PID" JFR.stop name=bench >/dev/null
  logins=$(tail -n 1 "$RESULTS" | sed -n 's/^{[^}]*"ok":\([0-9]*\),.*/\1/p')
  java -cp "$WORK/classes" Profile "$recording" "$logins" | tee "$OUT/$(date +%Y%m%d-%H%M%S)-profile.md"
  stop_service
}

# ------------------------------------------------------------------------------------------------------- main

# The jar, built when missing or older than the sources, as ./run.sh does: rebuilding an unchanged jar would also
# invalidate class-data archives made for it (the tuning pass measures AppCDS and the AOT cache)
build_jar() {
  if [ ! -f "$JAR" ] || [ -n "$(find "$REPO/pom.xml" "$REPO/src" -newer "$JAR" -print -quit)" ]; then
    log "building the jar (mvn -B -q package -DskipTests)"
    (cd "$REPO" && mvn -B -q package -DskipTests)
    rm -f "$REPO"/target/*.jsa # ./run.sh records a class archive for the new jar at the first start, as after its own builds
  fi
}

compile_bench() {
  mkdir -p "$WORK/classes"
  javac -nowarn -cp "$JAR" -d "$WORK/classes" "$BENCH"/HashCeiling.java "$BENCH"/LoadClient.java "$BENCH"/Report.java \
    "$BENCH"/Chart.java "$BENCH"/ChartCheck.java "$BENCH"/Profile.java 2> >(grep -v 'GenIgnore\|JsonGen\|^Note:\|warning' >&2 || true)
}

main() {
  local tools=(java javac mvn wrk curl sqlite3)
  [ -n "$CHART_OF" ] && tools=(java javac mvn)
  for tool in "${tools[@]}"; do
    command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install openjdk-17-jdk-headless maven wrk curl sqlite3)"
  done
  mkdir -p "$OUT"
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/user-service-bench.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if [ -n "$CHART_OF" ]; then
    build_jar
    compile_bench
    redraw_chart
    return
  fi
  RESULTS=$WORK/results.jsonl
  READY_PATH=/health/ready
  local started=$SECONDS

  meta date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  meta command "$COMMAND"
  meta mode "$MODE"
  meta java_opts "${JAVA_OPTS:-}"
  meta run_sh_defaults "$(run_sh_defaults)"
  meta bench_env "$(env | grep '^BENCH_' | sort | tr '\n' ' ')"
  meta cores "$CORES"
  meta cpu "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
  meta memory "$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  meta os "$(. /etc/os-release && echo "$PRETTY_NAME")"
  meta jdk "$(java -version 2>&1 | sed -n 2p)"
  meta git "$(git -C "$REPO" rev-parse --short HEAD) on $(git -C "$REPO" rev-parse --abbrev-ref HEAD)$(git -C "$REPO" diff --quiet -- src pom.xml || echo ' (uncommitted service changes)')"
  meta wrk "$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
  meta load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
  meta busy_before "$(ps -eo pcpu=,comm= --sort=-pcpu | head -n 4 | awk '{printf "%s %s%%; ", $2, $1}')"

  build_jar
  meta service_jvm "$(service_jvm_options)$(grep -q ArchiveClassesAtExit "$REPO/run.sh" && echo ' + the AppCDS class archive ./run.sh records once per build')"
  compile_bench

  if wants login || wants register || wants burst || wants mixed || wants get || wants overload; then default_params; fi
  if wants keycloak; then keycloak_params; fi
  if wants cluster; then cluster_section; fi
  if wants postgres; then postgres_section; fi
  if wants cold; then cold_start; fi
  if wants scale; then store_scale; fi
  if wants profile; then profile_logins; fi

  meta load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
  meta duration_min "$(((SECONDS - started + 30) / 60))"
  local stamp report chart
  stamp=$(date +%Y%m%d-%H%M%S)
  cp "$RESULTS" "$OUT/$stamp-results.jsonl"
  report=${BENCH_OUT:-$([ "$MODE" = full ] && echo "$BENCH/RESULTS.md" || echo "$OUT/RESULTS-partial.md")}
  java -cp "$JAR:$WORK/classes" Report "$RESULTS" >"$report"
  cp "$report" "$OUT/$stamp-RESULTS.md"
  chart=$([ "$report" = "$BENCH/RESULTS.md" ] && echo "$BENCH/chart.svg" || echo "$OUT/chart-partial.svg")
  draw_chart "$RESULTS" "$chart"
  cp "$chart" "$OUT/$stamp-chart.svg"
  cat "$report"
  log "tables written to ${report#"$REPO"/}, the chart to ${chart#"$REPO"/}; raw measurements in ${OUT#"$REPO"/}/$stamp-results.jsonl"
  check_chart "$chart"
}

main
