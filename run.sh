#!/usr/bin/env bash
# user-service, from a clone of the repository.
#
#   ./run.sh [ARGS]   build target/user-service.jar if it is missing or older than the sources, then run it
#                     on conf/config.json: https://localhost:8443. ARGS go to the service (e.g. -conf FILE).
#   ./run.sh test     install what the test suite needs and run all of it (mvn -B verify)
#   ./run.sh certs    make certs/server.crt and certs/server.key with openssl (self-signed, EC P-256)
#
# JAVA_OPTS adds JVM options, e.g. JAVA_OPTS=-Xmx1g ./run.sh
set -euo pipefail
cd "$(dirname "$0")"

JAR=target/user-service.jar

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages the build and the tests need, installed only when missing.
install_packages() {
  local missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v openssl >/dev/null || missing+=(openssl)
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build_if_needed() {
  if [ ! -f "$JAR" ] || [ -n "$(find pom.xml src -newer "$JAR" -print -quit)" ]; then
    install_packages
    echo "building $JAR ..."
    mvn -B -q package -DskipTests
  fi
}

make_certs() {
  install_packages
  if [ -e certs/server.key ] || [ -e certs/server.crt ]; then
    echo "certs/server.crt or certs/server.key exists already: delete both to make new ones" >&2
    exit 1
  fi
  (
    umask 077
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
      -subj "/CN=localhost/O=user-service self-signed" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
      -addext "basicConstraints=critical,CA:FALSE" \
      -addext "keyUsage=critical,digitalSignature" \
      -addext "extendedKeyUsage=serverAuth" \
      -keyout certs/server.key -out certs/server.crt 2>/dev/null
  )
  chmod 644 certs/server.crt
  echo "made certs/server.crt and certs/server.key (0600), valid 365 days for localhost, 127.0.0.1 and ::1"
  openssl x509 -in certs/server.crt -noout -fingerprint -sha256
}

case "${1:-}" in
  test)
    install_packages
    exec mvn -B verify
    ;;
  certs)
    make_certs
    ;;
  *)
    build_if_needed
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:-} -jar "$JAR" "$@"
    ;;
esac
