#!/usr/bin/env bash
# One training run for a start-up cache: starts the service with the flags given (e.g.
# -XX:AOTCacheOutput=app.aot on Java 25, -XX:ArchiveClassesAtExit=app.jsa on 17) before -jar JAR,
# on a throwaway embedded PostgreSQL under a temporary directory, waits for /health (the warm-up
# has run by then), sends a few create, read and turn requests over loopback, and stops it: the
# JVM writes the cache as it exits. Needs only bash (the image's JRE has no curl).
#   app/train.sh JAR [JVM flags…]      e.g. app/train.sh /app/amplifier-app-api.jar @/app/jvm.options -XX:AOTCacheOutput=/app/app.aot
set -euo pipefail
jar="$1"; shift
port="${TRAIN_PORT:-18799}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

http() { # METHOD PATH [BODY]: prints the response body
  local body="${3:-}"
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%s %s HTTP/1.0\r\nHost: localhost\r\nX-User-ID: trainer\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$2" "${#body}" "$body" >&3
  sed '1,/^\r$/d' <&3
  exec 3<&-
}
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -n 1; }

env -u DATABASE_URL AMPLIFIER_DATA_DIR="$work/data" SERVICE_PORT="$port" SERVICE_HOST=127.0.0.1 \
  AUTH_REQUIRED=false CONFIG_ENCRYPTION_KEY=training-only-master-key-0123456789abcdef \
  java "$@" -Djava.io.tmpdir="$work" -jar "$jar" >"$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  if (http GET /health 2>/dev/null | grep -q '"status"'); then break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$work/service.log" >&2; exit 1; }
  sleep 0.1
done
config='{"name":"train","config_data":{"bundle":{"name":"b"},"providers":[{"module":"provider-echo","config":{"api_key":"sk-train"}}]},"tags":{"t":"1"}}'
turns=0
for i in $(seq 1 "${TRAIN_REQUESTS:-50}"); do
  id="$(http POST /configs "$config" | field config_id)"
  [[ -n "$id" ]] || { echo "train: a config create failed" >&2; break; }
  http GET "/configs/$id" >/dev/null
  session="$(http POST /sessions "{\"config_id\":\"$id\"}" | field session_id)"
  http POST "/sessions/$session/messages" "{\"message\":\"my name is train $i\"}" \
    | grep -q 'my name is train' && turns=$((turns + 1))
done
echo "train: $turns turns answered" >&2
kill -TERM "$pid"
wait "$pid" || true
