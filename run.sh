#!/usr/bin/env bash
# user-service, from a clone of the repository. This script builds the jar when needed, runs it with the JVM options,
# and supervises nginx and the loopback cluster; the rest is the jar's (java -jar target/user-service.jar --help).
#
#   ./run.sh [ARGS]   build target/user-service.jar if it is missing or older than the sources, then run it
#                     on conf/config.json: https://localhost:8443. ARGS go to the jar: -conf FILE, -cluster, or one of
#                     its commands: certs (a self-signed certificate for localhost), cluster-certs DIR NAME... (a CA for
#                     a cluster's event bus in DIR, made once, and a certificate per node), config [KEY...]
#   ./run.sh test     install what the test suite needs (nginx, chromium, node, the linter, aiosmtpd, libsodium) and
#                     run all of it (mvn -B verify)
#   ./run.sh nginx [ARGS]  the service on 127.0.0.1:8443 behind nginx: https://localhost:9443 (HTTP/2) and
#                     http://localhost:9080 (301 to HTTPS). Ctrl-C stops both. Runtime files go to run/nginx/.
#                     NGINX_HTTPS_PORT, NGINX_HTTP_PORT, SERVICE_PORT, NGINX_CERT and NGINX_KEY change the defaults.
#   ./run.sh cluster  a cluster on loopback: nginx (https://localhost:9443) in front of two edges (edge-1, edge-2), a
#                     store (store-1, also a hasher) and a hasher (hasher-1), each its own JVM, over Hazelcast with
#                     mutual TLS on the event bus. Ctrl-C stops all. Runtime files, logs and pid files go to run/cluster/.
#
# The service reads conf/config.json (or -conf FILE); USER_SERVICE_* variables override single keys for one run,
# e.g. USER_SERVICE_HTTP_PORT=9443 ./run.sh (see README, "Configuration").
#
# JAVA_OPTS adds JVM options after the defaults below, e.g. JAVA_OPTS=-Xmx1g ./run.sh
set -euo pipefail
cd "$(dirname "$0")"

JAR=target/user-service.jar
NGINX_RUNTIME=run/nginx
# JVM defaults, measured (README "Memory"): the file that plain java -jar users pass too, each option explained there;
# JAVA_OPTS, given after it, overrides any of them.
DEFAULT_JAVA_OPTS="@conf/jvm.options"

die() {
  echo "$*" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# A command on the PATH, or in /usr/sbin, where Debian puts nginx (not on an ordinary user's PATH).
have() {
  command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ]
}

# Debian packages the build needs, installed only when missing; "$@" names more (package = command).
install_packages() {
  local missing=()
  have java || missing+=(openjdk-17-jdk-headless)
  have mvn || missing+=(maven)
  for tool in "$@"; do have "$tool" || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# PostgreSQL for the tests that run against it (each starts its own server in a temporary folder): Debian keeps the
# server's binaries out of PATH, under /usr/lib/postgresql/VERSION/bin.
install_postgresql() {
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    echo "installing: postgresql"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  fi
}

# libsodium, whose Argon2id the service prefers to BouncyCastle's (argon2.engine auto), and which the tests that prove
# the two engines interchangeable need: Debian's libsodium23, when the system's loader does not know it yet.
install_libsodium() {
  if ! ldconfig -p 2>/dev/null | grep -q 'libsodium\.so\.23 '; then
    echo "installing: libsodium23"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq libsodium23 >/dev/null
  fi
}

# Debian's python3-aiosmtpd: the SMTP server, a process of its own, that AccountMailIT and ClusterIT have the packaged
# jar send account mail to. Its command is /usr/bin/aiosmtpd (a python3 on PATH from elsewhere may lack the module).
install_smtp_server() {
  if [ ! -x /usr/bin/aiosmtpd ]; then
    echo "installing: python3-aiosmtpd"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-aiosmtpd >/dev/null
  fi
}

# The linter OpenApiLintIT runs, pinned in src/test/openapi-lint: npm ci into target/openapi-lint, again only when the
# lock file there differs or the last install did not finish (npm writes node_modules/.package-lock.json last).
install_linter() {
  local pinned=src/test/openapi-lint dir=target/openapi-lint
  if ! cmp -s "$pinned/package-lock.json" "$dir/package-lock.json" || [ ! -f "$dir/node_modules/.package-lock.json" ]; then
    echo "installing the OpenAPI linter into $dir ..."
    mkdir -p "$dir"
    cp "$pinned/package.json" "$pinned/package-lock.json" "$dir/"
    npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund
  fi
}

build_if_needed() {
  if [ ! -f "$JAR" ] || [ -n "$(find pom.xml src -newer "$JAR" -print -quit)" ]; then
    install_packages
    echo "building $JAR ..."
    mvn -B -q package -DskipTests
  fi
  # an archive fits only the jar it was recorded with: a jar built since (by this script, mvn or ./run.sh test)
  # makes it stale, and the JVM would refuse it with a warning at every start
  local archive
  archive=$(class_archive)
  if [ ! "$archive" -nt "$JAR" ]; then
    find target -maxdepth 1 \( -name '*.jsa' -o -name '*.aot' \) ! -newer "$JAR" -delete # the stale ones, any JDK's
    record_class_archive "$archive"
  fi
}

# The class-data archive for this jar and this JVM (an archive only fits the JVM build that made it): on JDK 25 and
# later an AOT cache (JEP 483/514/515: classes loaded and linked, and method profiles, so the JIT starts warm), before
# that an AppCDS archive. The JVM is named by its "release" file, which costs nothing to read, unlike a
# "java -version" (a tenth of a second).
class_archive() {
  local java_home version
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$java_home/release" 2>/dev/null || true)
  [ -n "$version" ] || version=$(java -version 2>&1 | head -n 1)
  if [ "${version%%[.+-]*}" -ge 25 ] 2>/dev/null; then
    echo "target/user-service-$(echo "$version" | tr -cd '[:alnum:]._+-').aot"
  else
    echo "target/user-service-$(echo "$version" | tr -cd '[:alnum:]._+-').jsa"
  fi
}

# The jar's train command (the service on a scratch folder and a free port, a registration and a login over HTTPS,
# a clean stop) records the classes it loads, and on JDK 25 how its methods ran, into the archive $1 that every later
# start maps instead of loading and verifying them again: start-up is faster and the JVM shares that memory. Done
# once per build and JDK; a failure only costs speed.
record_class_archive() {
  local record
  case "$1" in
    *.aot) record=-XX:AOTCacheOutput="$1" ;;
    *) record=-XX:ArchiveClassesAtExit="$1" ;;
  esac
  echo "recording the class archive for faster starts ..."
  # shellcheck disable=SC2086
  java $DEFAULT_JAVA_OPTS "$record" -jar "$JAR" train >target/train.log 2>&1 ||
    echo "recording the class archive failed (see target/train.log): starts will be slower" >&2
}

# JVM options for the service: the defaults, the class archive when there is one, then the caller's JAVA_OPTS.
java_options() {
  local archive
  archive=$(class_archive)
  echo "$DEFAULT_JAVA_OPTS"
  if [ -f "$archive" ]; then
    case "$archive" in
      *.aot) echo "-XX:AOTCache=$archive" ;;
      *) echo "-XX:SharedArchiveFile=$archive" ;;
    esac
  fi
  echo "${JAVA_OPTS:-}"
}

# Waits up to 60 s until something listens on 127.0.0.1:$1, while process $2 is alive.
await_port() {
  for _ in $(seq 600); do
    kill -0 "$2" 2>/dev/null || return 1
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

stop_both() {
  for pid in ${nginx_pid:-} ${service_pid:-}; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}

# The service on 127.0.0.1 only, nginx in front of it, both supervised from here: Ctrl-C or SIGTERM stops both.
# "$@" goes to the service (e.g. -conf FILE); conf/config.json is never edited: the service gets its loopback address
# and port as USER_SERVICE_* overrides, and nginx learns the certificate and body limit from the service's own reading.
behind_nginx() {
  local https_port=${NGINX_HTTPS_PORT:-9443} http_port=${NGINX_HTTP_PORT:-9080} service_port=${SERVICE_PORT:-8443}
  local settings service_cert service_key body_limit nginx_bin
  install_packages nginx
  build_if_needed
  export USER_SERVICE_HTTP_HOST=127.0.0.1 USER_SERVICE_HTTP_PORT=$service_port
  settings=$(java -jar "$JAR" config "$@" tls.certPath tls.keyPath http.bodyLimitBytes) || die "the configuration is refused: see above"
  { read -r service_cert; read -r service_key; read -r body_limit; } <<<"$settings"
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  if [ "$service_cert" = certs/server.crt ] && [ ! -e certs/server.crt ] && [ ! -e certs/server.key ]; then
    java -jar "$JAR" certs "$@"
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$service_port") 2>/dev/null; then
    die "port $service_port is in use already (another ./run.sh?): stop it, or choose another with SERVICE_PORT"
  fi

  mkdir -p "$NGINX_RUNTIME"
  # nginx presents the service's own certificate unless told otherwise, and trusts only that one upstream
  NGINX_HTTPS_PORT=$https_port NGINX_HTTP_PORT=$http_port SERVICE_PORT=$service_port \
    NGINX_CERT=${NGINX_CERT:-$service_cert} NGINX_KEY=${NGINX_KEY:-$service_key} SERVICE_CERT=$service_cert \
    BODY_LIMIT_BYTES=$body_limit conf/nginx/render.sh "$NGINX_RUNTIME"

  trap stop_both EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # shellcheck disable=SC2046
  java $(java_options) -jar "$JAR" "$@" &
  service_pid=$!
  await_port "$service_port" "$service_pid" || die "the service did not start: see its log above"
  "$nginx_bin" -p "$PWD/$NGINX_RUNTIME" -c "$PWD/$NGINX_RUNTIME/nginx.conf" -e "$PWD/$NGINX_RUNTIME/error.log" &
  nginx_pid=$!
  await_port "$https_port" "$nginx_pid" || die "nginx did not start: $(tail -n 3 "$NGINX_RUNTIME/error.log")"

  echo "user-service behind nginx (Ctrl-C stops both):"
  echo "  https://localhost:$https_port   nginx: HTTPS, HTTP/2, TLS 1.2 and 1.3 (health: /health/ready, metrics: /metrics)"
  echo "  http://localhost:$http_port    nginx: 301 to the HTTPS URL"
  echo "  https://127.0.0.1:$service_port   the service itself, loopback only"
  echo "  nginx logs: $NGINX_RUNTIME/access.log, $NGINX_RUNTIME/error.log"
  wait -n || true
  if kill -0 "$service_pid" 2>/dev/null; then
    die "nginx stopped (see $NGINX_RUNTIME/error.log): stopping the service"
  fi
  die "the service stopped: stopping nginx"
}

CLUSTER_RUNTIME=run/cluster
CLUSTER_MEMBERS=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703,127.0.0.1:5704

# start_node NAME ROLES INDEX: one node of the loopback cluster, its own JVM, conf/config.json with this node's settings
# as overrides: Hazelcast port 570INDEX, bus port 580INDEX, HTTPS 844(INDEX+2) for edges, management 909INDEX. The
# access to the JDK's internals that Hazelcast asks for is in the jar's manifest.
start_node() {
  local name=$1 roles=$2 index=$3
  # shellcheck disable=SC2046
  USER_SERVICE_CLUSTER_ROLES=$roles USER_SERVICE_CLUSTER_MEMBERS=$CLUSTER_MEMBERS \
    USER_SERVICE_CLUSTER_PORT=$((5700 + index)) USER_SERVICE_CLUSTER_BUS_PORT=$((5800 + index)) \
    USER_SERVICE_CLUSTER_CERT_PATH=$CLUSTER_RUNTIME/certs/$name.crt USER_SERVICE_CLUSTER_KEY_PATH=$CLUSTER_RUNTIME/certs/$name.key \
    USER_SERVICE_CLUSTER_CA_PATH=$CLUSTER_RUNTIME/certs/ca.crt \
    USER_SERVICE_HTTP_HOST=127.0.0.1 USER_SERVICE_HTTP_PORT=$((8442 + index)) USER_SERVICE_MANAGEMENT_PORT=$((9090 + index)) \
    java $(java_options) -jar "$JAR" -cluster >"$CLUSTER_RUNTIME/$name.log" 2>&1 &
  echo $! >"$CLUSTER_RUNTIME/$name.pid"
  node_pids+=("$!")
  node_names+=("$name")
}

stop_cluster() {
  for pid in "${node_pids[@]}" ${nginx_pid:-}; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
  rm -f "$CLUSTER_RUNTIME"/*.pid
}

# Waits up to 2 minutes for a 200 from a node's readiness on its management port.
await_ready() {
  for _ in $(seq 1200); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/health/ready" && return 0
    sleep 0.1
  done
  return 1
}

# The loopback cluster, supervised from here: every node's death is reported; Ctrl-C or SIGTERM stops them all.
cluster() {
  install_packages nginx curl
  build_if_needed
  node_pids=()
  node_names=()
  mkdir -p "$CLUSTER_RUNTIME"
  java -jar "$JAR" cluster-certs "$CLUSTER_RUNTIME/certs" edge-1 edge-2 store-1 hasher-1 >/dev/null
  # made here, not by the first edge to start: two edges starting at once would both make one
  if [ ! -e certs/server.crt ] && [ ! -e certs/server.key ]; then
    java -jar "$JAR" certs
  fi
  trap stop_cluster EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_node store-1 store,hasher 3
  start_node hasher-1 hasher 4
  start_node edge-1 edge 1
  start_node edge-2 edge 2
  NGINX_HTTPS_PORT=${NGINX_HTTPS_PORT:-9443} NGINX_HTTP_PORT=${NGINX_HTTP_PORT:-9080} SERVICE_PORT="8443 8444" \
    NGINX_CERT=certs/server.crt NGINX_KEY=certs/server.key SERVICE_CERT=certs/server.crt conf/nginx/render.sh "$CLUSTER_RUNTIME/nginx"
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$PWD/$CLUSTER_RUNTIME/nginx" -c "$PWD/$CLUSTER_RUNTIME/nginx/nginx.conf" \
    -e "$PWD/$CLUSTER_RUNTIME/nginx/error.log" &
  nginx_pid=$!
  for port in 9091 9092; do
    await_ready "$port" || die "the edge with management port $port is not ready: see $CLUSTER_RUNTIME/*.log"
  done
  echo "user-service cluster on loopback (Ctrl-C stops all; logs and pid files in $CLUSTER_RUNTIME/):"
  echo "  https://localhost:${NGINX_HTTPS_PORT:-9443}   nginx, in front of edge-1 (https://127.0.0.1:8443) and edge-2 (:8444)"
  echo "  store-1 (store + hasher), hasher-1; readiness and metrics of each node: http://127.0.0.1:9091..9094/health/ready, /metrics"
  while true; do
    wait -n || true
    for i in "${!node_pids[@]}"; do
      if [ -n "${node_pids[$i]}" ] && ! kill -0 "${node_pids[$i]}" 2>/dev/null; then
        echo "${node_names[$i]} stopped (see $CLUSTER_RUNTIME/${node_names[$i]}.log)$([ "${node_names[$i]}" = store-1 ] &&
          echo ": the edges answer 503 until a store is back")" >&2
        node_pids[i]=
      fi
    done
    kill -0 "$nginx_pid" 2>/dev/null || die "nginx stopped (see $CLUSTER_RUNTIME/nginx/error.log): stopping the cluster"
  done
}

case "${1:-}" in
  test)
    # nginx for NginxIT, openssl for its TLS handshakes, chromium (headless) for DocsBrowserIT, nodejs and npm for
    # OpenApiLintIT, python3 for the webhook receiver sample of docs/audit.md (WebhookTest), PostgreSQL for the tests
    # that run against both stores, aiosmtpd for the account mail the packaged jar sends, libsodium for the native
    # Argon2id engine
    install_packages nginx openssl chromium nodejs npm python3
    install_postgresql
    install_smtp_server
    install_libsodium
    install_linter
    exec mvn -B verify
    ;;
  cluster)
    cluster
    ;;
  nginx)
    shift
    behind_nginx "$@"
    ;;
  *)
    build_if_needed
    # shellcheck disable=SC2046
    exec java $(java_options) -jar "$JAR" "$@"
    ;;
esac
