#!/usr/bin/env bash
# Benchmark harness: builds the service, starts it on a fresh private PostgreSQL (durable:
# fsync=on, synchronous_commit=on), measures the raw append floor with pgbench and every scenario
# with our own load client, prints the figures and appends them to docs/benchmarks.md.
# Loopback only; every loop is bounded in count and time.
#
#   ./bench/run.sh                 full run (3 runs per figure, 10 s each, 1,000,000 seeded events)
#   BENCH_QUICK=1 ./bench/run.sh   smoke run (1 run, 3 s, 50,000 events), appends nothing
#
# Knobs: BENCH_RUNS, BENCH_SECONDS, BENCH_SEED_EVENTS, BENCH_SKIP_BUILD=1, BENCH_JAVA_OPTS,
#        BENCH_NO_APPEND=1, BENCH_AUTH=0 (skip create-config with AUTH_REQUIRED=true),
#        BENCH_ONLY=trust (only the trust scenarios: a flood of random API keys, 50 open streams,
#        one user's 32 looping turns past the per-user caps),
#        BENCH_ONLY=audit (only the audit scenarios: /audit over BENCH_AUDIT_ROWS seeded audit rows
#        (default 1,000,000), as_of on a config of BENCH_ASOF_VERSIONS versions (default 1,000),
#        as_of on a session of BENCH_SESSION_TURNS turns (default 10,000: 20,000 events),
#        create-config with an Idempotency-Key against without),
#        BENCH_ONLY=auth (create-config at 32 clients without and with AUTH_REQUIRED=true, each
#        after the same warm-up; with BENCH_PROFILE=1 the steady runs without auth are profiled),
#        BENCH_ONLY=context (only turn latency in sessions of 10, 1,000 and 10,000 messages,
#        seeded through the API by LoadClient's BENCH_PREFILL; the context window keeps it flat),
#        BENCH_ONLY=tools (only tool turns: one MCP tool round per turn against bench/McpEchoServer),
#        BENCH_ONLY=wrk (create-config of the CRUD baseline and ours measured by wrk: 60 s warm-up,
#        60 s measured at 32 connections; rate, p50/p99, CPU per create, peak RSS),
#        BENCH_ONLY=replay (only bench/replay.sh: read and write p99 during a config-view rebuild
#        of BENCH_SEED_EVENTS events under 50 % load against without, and failover time after
#        kill -9 of one of two nodes).
# Rate limits and per-caller turn caps are set out of reach: these figures measure the service, not its limits.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

QUICK="${BENCH_QUICK:-0}"
if [[ "$QUICK" == "1" ]]; then
  RUNS="${BENCH_RUNS:-1}"; SECONDS_PER_RUN="${BENCH_SECONDS:-3}"; SEED="${BENCH_SEED_EVENTS:-50000}"
else
  RUNS="${BENCH_RUNS:-3}"; SECONDS_PER_RUN="${BENCH_SECONDS:-10}"; SEED="${BENCH_SEED_EVENTS:-1000000}"
fi
JAR="$ROOT/app/target/amplifier-app-api.jar"
WORK="$(mktemp -d /tmp/amplifier-bench.XXXXXX)"
RESULTS="$WORK/results.txt"
SERVICE_PID=""
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
source bench/baseline.sh

# ---------------------------------------------------------------- tools and build
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [[ -z "$(pg_bin)" || ! -x "$(pg_bin)/pgbench" ]]; then
  log "installing Debian's postgresql (server + pgbench)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN="$(pg_bin)"
if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  log "building the service"
  ./mvnw -B -q -ntp install -DskipTests
fi
build_baseline
mkdir -p "$WORK/classes" "$WORK/lib"
(cd "$WORK/lib" && jar xf "$JAR" $(jar tf "$JAR" | grep 'BOOT-INF/lib/postgresql-[0-9]'))
PGJDBC="$(ls "$WORK"/lib/BOOT-INF/lib/postgresql-*.jar)"
javac -d "$WORK/classes" -cp "$PGJDBC" bench/LoadClient.java bench/LagProbe.java bench/McpEchoServer.java
CP="$WORK/classes:$PGJDBC"

# ---------------------------------------------------------------- private PostgreSQL
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( (RANDOM % 20000) + 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}
as_pg() { if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_PORT="$(free_port)"
[[ "$(id -u)" == "0" ]] && chown postgres:postgres "$WORK"
MCP_PID=""
cleanup() {
  [[ -n "$MCP_PID" ]] && kill "$MCP_PID" 2>/dev/null && wait "$MCP_PID" 2>/dev/null || true
  [[ -n "$SERVICE_PID" ]] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/postgres.log" -w -t 60 -o "-p $PG_PORT -k $WORK \
  -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on -c synchronous_commit=on \
  -c shared_buffers=512MB -c track_commit_timestamp=on -c max_wal_size=4GB" start >/dev/null \
  || { cat "$WORK/postgres.log" >&2; exit 1; }
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1)
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT, fsync=on, synchronous_commit=on"

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"; exit} print a[int((NR+1)/2)]}'; }
minof() { sort -g | head -n 1; }
maxof() { sort -g | tail -n 1; }
field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p"; }
# record NAME VALUES...: prints and stores "median (min–max)"
record() {
  local name="$1"; shift
  local values; values="$(printf '%s\n' "$@")"
  local med min max
  med="$(echo "$values" | median)"; min="$(echo "$values" | minof)"; max="$(echo "$values" | maxof)"
  printf '%s=%s min=%s max=%s\n' "$name" "$med" "$min" "$max" | tee -a "$RESULTS" >&2
}
get() { sed -n "s/^$1=\([^ ]*\) .*/\1/p" "$RESULTS" | tail -n 1; }

# ---------------------------------------------------------------- raw floor
"${PSQL[@]}" -c "CREATE DATABASE rawfloor" -c "CREATE DATABASE amplifier"
FULL=1; [[ -n "${BENCH_ONLY:-}" ]] && FULL=0
if [[ "$FULL" == "1" ]]; then
"${PSQL[@]}" -d rawfloor -f bench/raw-schema.sql
for clients in 8 32; do
  tps=()
  for run in $(seq 1 "$RUNS"); do
    out="$("$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -f bench/append.sql \
      -c "$clients" -j 2 -T "$SECONDS_PER_RUN" rawfloor 2>&1)"
    tps+=("$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | tail -n 1)")
  done
  record "raw_append_c${clients}_per_s" "${tps[@]}"
done
RAW32="$(get raw_append_c32_per_s)"
fi

# ---------------------------------------------------------------- service control
SERVICE_PORT="$(free_port)"
MCP_PORT="$(free_port)"
START_SECONDS=""; START_CPU=""
start_service() { # start_service DB [extra env...]; sets START_SECONDS (process start to first 200 on
  # /health) and START_CPU (CPU seconds the service used until then: what a busy machine disturbs least)
  local db="$1"; shift
  local t0 t1
  t0="$(date +%s.%N)"
  env DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/$db" SERVICE_PORT="$SERVICE_PORT" \
    CONFIG_ENCRYPTION_KEY="bench-master-key-$PG_PORT-not-for-production" \
    RATE_LIMIT_REQUESTS_PER_MINUTE=1000000000 RATE_LIMIT_TURNS_PER_MINUTE=1000000000 \
    TURN_MAX_CONCURRENT_PER_USER=100000 TURN_MAX_CONCURRENT_PER_APP=100000 \
    TURN_STREAMS_MAX_PER_USER=100000 TURN_STREAMS_MAX_PER_APP=100000 \
    PROVIDER_ALLOWED_HOSTS="127.0.0.1:$MCP_PORT" \
    "$@" "${JAVA_BIN:-java}" $DEFAULT_JVM_OPTS ${BENCH_JAVA_OPTS:-} ${RUN_OPTS:-} -jar "${RUN_JAR:-$JAR}" >"$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 1200); do
    if curl -sf -o /dev/null "http://127.0.0.1:$SERVICE_PORT/health"; then
      t1="$(date +%s.%N)"; START_SECONDS="$(echo "$t1 - $t0" | bc)"
      START_CPU="$(awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$SERVICE_PID/stat")"; return 0
    fi
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then tail -n 30 "$WORK/service.log" >&2; return 1; fi
    sleep 0.02
  done
  return 1
}
stop_service() {
  if [[ -n "$SERVICE_PID" ]]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi
  SERVICE_PID=""
}
await_caught_up() { # waits until config-view has read up to the head and no rebuild runs
  for _ in $(seq 1 12000); do
    local s; s="$(curl -sf "http://127.0.0.1:$SERVICE_PORT/admin/projections/config-view" || true)"
    if [[ "$s" == *'"rebuild_running":false'* && "$s" == *'"lag":0'* ]]; then return 0; fi
    sleep 0.05
  done
  return 1
}
if [[ "${BENCH_ONLY:-}" == "wrk" ]]; then
  wrk_only_run
  exit 0
fi
if [[ "${BENCH_ONLY:-}" == "baseline" ]]; then
  baseline_only_run
  exit 0
fi

# Tool turns: 8 clients, each turn one round of the MCP tool `echo` (bench/McpEchoServer.java on
# a loopback port, allowed through the outbound policy by PROVIDER_ALLOWED_HOSTS above) and then
# the echo provider's answer. The MCP server stops by itself after a bounded time.
tool_turns() {
  java -cp "$WORK/classes" McpEchoServer "$MCP_PORT" "$(( RUNS * (SECONDS_PER_RUN + 60) + 90 ))" \
    >"$WORK/mcp.log" 2>&1 &
  MCP_PID=$!
  for _ in $(seq 1 250); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$MCP_PORT") 2>/dev/null; then break; fi
    sleep 0.02
  done
  local rps=() p50=() p99=() cpu=() out
  if [[ "${1:-}" == "warm" ]]; then
    # a service started for this scenario alone: untimed tool turns first, so the JIT has seen them
    BENCH_MCP_URL="http://127.0.0.1:$MCP_PORT/mcp" java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 8 \
      "$([[ "$QUICK" == "1" ]] && echo 5 || echo 20)" 0 50 toolturn >/dev/null
  fi
  for run in $(seq 1 "$RUNS"); do
    out="$(BENCH_MCP_URL="http://127.0.0.1:$MCP_PORT/mcp" BENCH_SERVICE_PID="$SERVICE_PID" \
      java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 8 "$SECONDS_PER_RUN" 0 50 toolturn)"
    log "tool turn c=8: $out"
    rps+=("$(echo "$out" | field rps)"); p50+=("$(echo "$out" | field p50_ms)"); p99+=("$(echo "$out" | field p99_ms)")
    cpu+=("$(echo "$out" | field service_cpu_ms_per_req)")
  done
  kill "$MCP_PID" 2>/dev/null || true; wait "$MCP_PID" 2>/dev/null || true; MCP_PID=""
  record tool_turn_c8_per_s "${rps[@]}"
  record tool_turn_c8_p50_ms "${p50[@]}"
  record tool_turn_c8_p99_ms "${p99[@]}"
  record tool_turn_c8_cpu_ms "${cpu[@]}"
}
if [[ "${BENCH_ONLY:-}" == "tools" ]]; then
  start_service amplifier
  tool_turns warm
  stop_service
  echo "tool turn (echo + 1 MCP round), 8 clients: $(get tool_turn_c8_per_s)/s, p50 $(get tool_turn_c8_p50_ms) ms, p99 $(get tool_turn_c8_p99_ms) ms, service CPU $(get tool_turn_c8_cpu_ms) ms per turn"
  exit 0
fi

# Latency of one more turn in sessions already holding 10 / 1,000 / 10,000 messages (one client);
# the context window (ADR 24) keeps what a turn sends, and so its cost, flat.
turn_latency_by_size() {
  # one untimed pass first, so the 10-message figure is not the JIT's warm-up
  BENCH_PREFILL=5 java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 1 "$SECONDS_PER_RUN" 0 50 turn >/dev/null
  for messages in 10 1000 10000; do
    out="$(BENCH_PREFILL=$((messages / 2)) java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 1 "$SECONDS_PER_RUN" 0 50 turn)"
    log "turn latency in a session of $messages messages: $out"
    record "turn_at_${messages}_p50_ms" "$(echo "$out" | field p50_ms)"
    record "turn_at_${messages}_p99_ms" "$(echo "$out" | field p99_ms)"
  done
}
if [[ "${BENCH_ONLY:-}" == "context" ]]; then
  start_service amplifier
  turn_latency_by_size
  stop_service
  for messages in 10 1000 10000; do
    echo "turn in a session of $messages messages: p50 $(get turn_at_${messages}_p50_ms) ms, p99 $(get turn_at_${messages}_p99_ms) ms"
  done
  exit 0
fi

if [[ "$FULL" == "1" ]]; then
# ---------------------------------------------------------------- cold start, empty store
starts=(); cpus=()
for run in $(seq 1 "$RUNS"); do
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS cold" -c "CREATE DATABASE cold"
  start_service cold
  starts+=("$START_SECONDS"); cpus+=("$START_CPU")
  stop_service
done
record cold_start_empty_s "${starts[@]}"
record cold_start_empty_cpu_s "${cpus[@]}"

# The same with Spring Boot's extracted layout and an AppCDS archive from one training run
# (class-data sharing: the JVM maps pre-parsed classes instead of loading them).
java -Djarmode=tools -jar "$JAR" extract --destination "$WORK/cds" >/dev/null
"${PSQL[@]}" -c "DROP DATABASE IF EXISTS cdstrain" -c "CREATE DATABASE cdstrain"
env DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/cdstrain" SERVICE_PORT="$SERVICE_PORT" \
  CONFIG_ENCRYPTION_KEY="bench-cds-training" java $DEFAULT_JVM_OPTS ${BENCH_JAVA_OPTS:-} -XX:ArchiveClassesAtExit="$WORK/cds/app.jsa" \
  -Dspring.context.exit=onRefresh -jar "$WORK/cds/amplifier-app-api.jar" >"$WORK/cds-training.log" 2>&1 || true
starts=(); cpus=()
for run in $(seq 1 "$RUNS"); do
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS cold" -c "CREATE DATABASE cold"
  RUN_JAR="$WORK/cds/amplifier-app-api.jar" RUN_OPTS="-XX:SharedArchiveFile=$WORK/cds/app.jsa" start_service cold
  starts+=("$START_SECONDS"); cpus+=("$START_CPU")
  stop_service
done
record cold_start_empty_cds_s "${starts[@]}"
record cold_start_empty_cds_cpu_s "${cpus[@]}"

cold_start_jdk25

# ---------------------------------------------------------------- CRUD baseline, then create-config
# (first minute, warm-up until the JIT is quiet, steady state at 8 and 32 clients, peak RSS)
baseline_scenarios
start_service amplifier
create_config_phase create_config peak_rss_mb

# ---------------------------------------------------------------- update-config (If-Match), get with decrypt
for mode in update decrypt; do
  rps=(); p50=(); p99=()
  for run in $(seq 1 "$RUNS"); do
    out="$(java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 8 "$SECONDS_PER_RUN" 0 50 "$mode")"
    log "$mode-config c=8: $out"
    rps+=("$(echo "$out" | field rps)"); p50+=("$(echo "$out" | field p50_ms)"); p99+=("$(echo "$out" | field p99_ms)")
  done
  record "${mode}_config_c8_per_s" "${rps[@]}"
  record "${mode}_config_c8_p50_ms" "${p50[@]}"
  record "${mode}_config_c8_p99_ms" "${p99[@]}"
done

# ---------------------------------------------------------------- message turns (echo provider)
rps=(); p50=(); p99=()
for run in $(seq 1 "$RUNS"); do
  out="$(java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 8 "$SECONDS_PER_RUN" 0 50 turn)"
  log "message-turn c=8: $out"
  rps+=("$(echo "$out" | field rps)"); p50+=("$(echo "$out" | field p50_ms)"); p99+=("$(echo "$out" | field p99_ms)")
done
record turn_c8_per_s "${rps[@]}"
record turn_c8_p50_ms "${p50[@]}"
record turn_c8_p99_ms "${p99[@]}"
tool_turns
turn_latency_by_size

# ---------------------------------------------------------------- read-after-write lag at 50 %
MAXRATE="$( (get create_config_c8_per_s; get create_config_c32_per_s) | maxof)"
TARGET="$(echo "$MAXRATE / 2" | bc)"
lag50=(); lag99=(); lagmax=()
for run in $(seq 1 "$RUNS"); do
  java -cp "$CP" LagProbe "jdbc:postgresql://127.0.0.1:$PG_PORT/amplifier?user=postgres" \
    "$((SECONDS_PER_RUN + 1))" >"$WORK/lag.out" &
  probe=$!
  sleep 0.5
  java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 8 "$SECONDS_PER_RUN" "$TARGET" >"$WORK/lagload.out"
  wait "$probe"
  log "read-after-write at $TARGET/s: $(cat "$WORK/lagload.out") | $(cat "$WORK/lag.out")"
  lag50+=("$(field lag_p50_ms <"$WORK/lag.out")"); lag99+=("$(field lag_p99_ms <"$WORK/lag.out")")
  lagmax+=("$(field lag_max_ms <"$WORK/lag.out")")
done
record projection_lag_p50_ms "${lag50[@]}"
record projection_lag_p99_ms "${lag99[@]}"
record projection_lag_max_ms "${lagmax[@]}"
echo "lag_load_rate_per_s=$TARGET min=$TARGET max=$TARGET" >>"$RESULTS"
fi

# ---------------------------------------------------------------- audit: /audit, as_of, Idempotency-Key
if [[ "$FULL" == "1" || "${BENCH_ONLY:-}" == "audit" ]]; then
  AUDIT_ROWS="${BENCH_AUDIT_ROWS:-1000000}"; ASOF_VERSIONS="${BENCH_ASOF_VERSIONS:-1000}"; SESSION_TURNS="${BENCH_SESSION_TURNS:-10000}"
  stop_service
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS audit" -c "CREATE DATABASE audit"
  start_service audit
  log "seeding $AUDIT_ROWS audit rows"
  "${PSQL[@]}" -d audit -v n="$AUDIT_ROWS" -f bench/audit-seed.sql >/dev/null
  rps=(); p50=(); p99=()
  for run in $(seq 1 "$RUNS"); do
    out="$(java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 8 "$SECONDS_PER_RUN" 0 50 audit)"
    log "GET /audit over $AUDIT_ROWS rows, c=8: $out"
    rps+=("$(echo "$out" | field rps)"); p50+=("$(echo "$out" | field p50_ms)"); p99+=("$(echo "$out" | field p99_ms)")
  done
  record audit_query_c8_per_s "${rps[@]}"; record audit_query_c8_p50_ms "${p50[@]}"
  record audit_query_c8_p99_ms "${p99[@]}"
  out="$(BENCH_PREFILL=$((ASOF_VERSIONS - 1)) java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 2 "$SECONDS_PER_RUN" 0 50 asof)"
  log "GET /configs/{id}?as_of= on $ASOF_VERSIONS versions, c=2: $out"
  record asof_read_p50_ms "$(echo "$out" | field p50_ms)"; record asof_read_p99_ms "$(echo "$out" | field p99_ms)"
  out="$(BENCH_PREFILL=$SESSION_TURNS java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 1 "$SECONDS_PER_RUN" 0 50 sessionasof)"
  log "GET /sessions/{id}/messages?as_of= on $SESSION_TURNS turns, c=1: $out"
  record session_asof_p50_ms "$(echo "$out" | field p50_ms)"; record session_asof_p99_ms "$(echo "$out" | field p99_ms)"
  plain=(); keyed=()
  for run in $(seq 1 "$RUNS"); do
    out="$(java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 8 "$SECONDS_PER_RUN")"
    log "create-config c=8: $out"; plain+=("$(echo "$out" | field rps)")
    out="$(BENCH_IDEMPOTENCY=1 java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 8 "$SECONDS_PER_RUN")"
    log "create-config with Idempotency-Key c=8: $out"; keyed+=("$(echo "$out" | field rps)")
  done
  record create_config_plain_c8_per_s "${plain[@]}"; record create_config_keyed_c8_per_s "${keyed[@]}"
  stop_service
  {
    echo "GET /audit, $AUDIT_ROWS rows, 8 cl.:   $(get audit_query_c8_per_s)/s, p50 $(get audit_query_c8_p50_ms) ms, p99 $(get audit_query_c8_p99_ms) ms (goal p99 < 50)"
    echo "as_of read, $ASOF_VERSIONS versions:        p50 $(get asof_read_p50_ms) ms, p99 $(get asof_read_p99_ms) ms (goal p50 < 20)"
    echo "session as_of, $SESSION_TURNS turns (2 events each): p50 $(get session_asof_p50_ms) ms, p99 $(get session_asof_p99_ms) ms"
    echo "create-config with Idempotency-Key:    $(get create_config_keyed_c8_per_s)/s vs $(get create_config_plain_c8_per_s)/s without (x$(echo "scale=3; $(get create_config_keyed_c8_per_s) / $(get create_config_plain_c8_per_s)" | bc))"
  } | tee "$WORK/audit.txt" >&2
  if [[ "${BENCH_ONLY:-}" == "audit" ]]; then
    exit 0
  fi
fi

# ---------------------------------------------------------------- replay: p99 during a rebuild, failover
if [[ "$FULL" == "1" || "${BENCH_ONLY:-}" == "replay" ]]; then
  source bench/replay.sh
  if [[ "${BENCH_ONLY:-}" == "replay" ]]; then exit 0; fi
fi

# ---------------------------------------------------------------- authentication cost
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
hs256_jwt() { # hs256_jwt SECRET SUBJECT: a day-long test token, signed with openssl
  local now header payload signature
  now="$(date +%s)"
  header="$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)"
  payload="$(printf '{"sub":"%s","iat":%d,"exp":%d}' "$2" "$now" "$((now + 86400))" | b64url)"
  signature="$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$1" -binary | b64url)"
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}
if [[ "${BENCH_ONLY:-}" == "auth" ]]; then
  start_service amplifier
  create_config_phase create_config peak_rss_mb
fi
if [[ "${BENCH_AUTH:-1}" == "1" && ( "$FULL" == "1" || "${BENCH_ONLY:-}" == "auth" ) ]]; then
  stop_service
  AUTH_SECRET="bench-secret-key-that-is-at-least-32-bytes-long"
  AUTH_ADMIN="bench-admin-$RANDOM$RANDOM$RANDOM"
  start_service amplifier AUTH_REQUIRED=true SECRET_KEY="$AUTH_SECRET" ADMIN_API_KEY="$AUTH_ADMIN"
  APP_KEY="$(curl -sf -X POST "http://127.0.0.1:$SERVICE_PORT/applications" -H "X-API-Key: $AUTH_ADMIN" \
    -H 'Content-Type: application/json' -d '{"app_id":"bench-app","app_name":"Benchmark"}' \
    | sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p')"
  export BENCH_AUTH_HEADERS="X-API-Key: $APP_KEY;;Authorization: Bearer $(hs256_jwt "$AUTH_SECRET" bench-user)"
  # This JVM is fresh: load it as long as the one without authentication was loaded before its
  # steady runs (first minute + warm-up), so the ratio compares authentication, not a cold JIT
  # with a warm one (before this warm-up the ratio was 0.43).
  auth_warm="$(get create_config_warmup_s)"
  BENCH_WARMUP_SECONDS=0 java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 32 "${auth_warm:-$FIRST_SECONDS}" >/dev/null
  rps=(); p99=(); cpu=()
  for run in $(seq 1 "$RUNS"); do
    t0="$(cpu_ticks)"
    out="$(java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 32 "$SECONDS_PER_RUN")"
    log "create-config with AUTH_REQUIRED=true, c=32: $out"
    rps+=("$(echo "$out" | field rps)"); p99+=("$(echo "$out" | field p99_ms)")
    cpu+=("$(echo "scale=3; ($(cpu_ticks) - $t0) * 10 / $(echo "$out" | field requests)" | bc)")
  done
  record create_config_auth_c32_per_s "${rps[@]}"
  record create_config_auth_c32_p99_ms "${p99[@]}"
  record create_config_auth_c32_cpu_ms "${cpu[@]}"
  unset BENCH_AUTH_HEADERS
fi
if [[ "${BENCH_ONLY:-}" == "auth" ]]; then
  stop_service
  echo "create-config, 32 clients: $(get create_config_c32_per_s)/s (CPU $(get create_config_c32_cpu_ms) ms per create) without authentication, $(get create_config_auth_c32_per_s)/s (CPU $(get create_config_auth_c32_cpu_ms) ms) with: x$(echo "scale=3; $(get create_config_auth_c32_per_s) / $(get create_config_c32_per_s)" | bc) (goal >= 0.85)"
  exit 0
fi

# ---------------------------------------------------------------- trust: key floods and open streams
# Valid reads (GET /configs/{id}, 8 clients) alone, then beside 8 threads sending random API keys
# (AUTH_REQUIRED=true; loopback is throttled like any address here, as an attacker's would be),
# then beside 50 open SSE streams of slow echo turns (dev mode).
paired_p99() { # paired_p99 BASE LOADED "BASE_ENV" "LOADED_ENV": after two discarded warm-up runs,
  # alternates a plain run and a loaded run RUNS times (so JIT warm-up favours neither), and
  # records rps and p99 of both
  local base="$1" loaded="$2" base_env="$3" loaded_env="$4"
  local brps=() bp99=() lrps=() lp99=() out
  for _ in 1 2; do
    env $base_env java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 8 "$SECONDS_PER_RUN" 0 50 read >/dev/null
  done
  for run in $(seq 1 "$RUNS"); do
    out="$(env $base_env java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 8 "$SECONDS_PER_RUN" 0 50 read)"
    log "$base: $out"
    brps+=("$(echo "$out" | field rps)"); bp99+=("$(echo "$out" | field p99_ms)")
    out="$(env $base_env $loaded_env java -cp "$CP" LoadClient "http://127.0.0.1:$SERVICE_PORT" 8 "$SECONDS_PER_RUN" 0 50 read)"
    log "$loaded: $out"
    lrps+=("$(echo "$out" | field rps)"); lp99+=("$(echo "$out" | field p99_ms)")
  done
  record "${base}_per_s" "${brps[@]}"; record "${base}_p99_ms" "${bp99[@]}"
  record "${loaded}_per_s" "${lrps[@]}"; record "${loaded}_p99_ms" "${lp99[@]}"
}
stop_service
AUTH_SECRET="bench-secret-key-that-is-at-least-32-bytes-long"
AUTH_ADMIN="bench-admin-$RANDOM$RANDOM$RANDOM"
start_service amplifier AUTH_REQUIRED=true SECRET_KEY="$AUTH_SECRET" ADMIN_API_KEY="$AUTH_ADMIN" \
  AUTH_THROTTLE_LOOPBACK=true
TRUST_KEY="$(curl -sf -X POST "http://127.0.0.1:$SERVICE_PORT/applications" -H "X-API-Key: $AUTH_ADMIN" \
  -H 'Content-Type: application/json' -d '{"app_id":"bench-trust-'$RANDOM'","app_name":"Benchmark"}' \
  | sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p')"
export BENCH_AUTH_HEADERS="X-API-Key: $TRUST_KEY;;Authorization: Bearer $(hs256_jwt "$AUTH_SECRET" bench-trust-user)"
paired_p99 read_auth_c8 read_auth_flood8_c8 "" "BENCH_FLOOD=8"
unset BENCH_AUTH_HEADERS
stop_service
start_service amplifier
paired_p99 read_dev_c8 read_dev_streams50_c8 "" "BENCH_STREAMS=50"
stop_service
# one user past the new per-user caps (the defaults: 8 running turns, 16 open streams): 32 threads
# of that user in closed loops of streamed turns
start_service amplifier TURN_MAX_CONCURRENT_PER_USER=8 TURN_STREAMS_MAX_PER_USER=16
paired_p99 read_capped_c8 read_capped_hog32_c8 "" "BENCH_HOG=32"
stop_service
flood_ratio="$(echo "scale=2; $(get read_auth_flood8_c8_p99_ms) / $(get read_auth_c8_p99_ms)" | bc)"
streams_ratio="$(echo "scale=2; $(get read_dev_streams50_c8_p99_ms) / $(get read_dev_c8_p99_ms)" | bc)"
hog_ratio="$(echo "scale=2; $(get read_capped_hog32_c8_p99_ms) / $(get read_capped_c8_p99_ms)" | bc)"
{
  echo "valid reads, 8 clients, auth:              $(get read_auth_c8_per_s)/s, p99 $(get read_auth_c8_p99_ms) ms"
  echo "  beside 8 clients of random API keys:     $(get read_auth_flood8_c8_per_s)/s, p99 $(get read_auth_flood8_c8_p99_ms) ms (x$flood_ratio; goal <= 1.5)"
  echo "valid reads, 8 clients, dev mode:          $(get read_dev_c8_per_s)/s, p99 $(get read_dev_c8_p99_ms) ms"
  echo "  beside 50 open SSE streams:              $(get read_dev_streams50_c8_per_s)/s, p99 $(get read_dev_streams50_c8_p99_ms) ms (x$streams_ratio; goal <= 1.5)"
  echo "valid reads, 8 clients, per-user caps on:  $(get read_capped_c8_per_s)/s, p99 $(get read_capped_c8_p99_ms) ms"
  echo "  beside one user's 32 looping turns:      $(get read_capped_hog32_c8_per_s)/s, p99 $(get read_capped_hog32_c8_p99_ms) ms (x$hog_ratio; goal <= 1.5)"
} | tee "$WORK/trust.txt" >&2
if [[ "${BENCH_ONLY:-}" == "trust" ]]; then
  exit 0
fi

# ---------------------------------------------------------------- rebuild of SEED events
stop_service
log "seeding $SEED events"
seed_t0="$(date +%s.%N)"
"${PSQL[@]}" -d amplifier -v n="$SEED" -f bench/seed.sql >/dev/null
log "seeded in $(echo "$(date +%s.%N) - $seed_t0" | bc) s"
"${PSQL[@]}" -d amplifier -c "VACUUM ANALYZE domainevententry"
starts=()
for run in $(seq 1 "$RUNS"); do
  start_service amplifier
  starts+=("$START_SECONDS")
  if [[ "$run" -lt "$RUNS" ]]; then stop_service; fi
done
record cold_start_seeded_s "${starts[@]}"
await_caught_up
HEAD="$(curl -sf "http://127.0.0.1:$SERVICE_PORT/admin/projections" | sed -n 's/.*"head":\([0-9]*\)}$/\1/p')"
secs=(); rates=()
for run in $(seq 1 "$RUNS"); do
  t0="$(date +%s.%N)"
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$SERVICE_PORT/admin/projections/config-view/rebuild"
  sleep 0.2
  await_caught_up
  s="$(echo "$(date +%s.%N) - $t0" | bc)"
  secs+=("$s"); rates+=("$(echo "$HEAD / $s" | bc)")
  log "rebuild of $HEAD events: $s s"
done
record rebuild_seconds "${secs[@]}"
record rebuild_events_per_s "${rates[@]}"
echo "rebuild_events=$HEAD min=$HEAD max=$HEAD" >>"$RESULTS"
stop_service

# ---------------------------------------------------------------- summary
ratio() { echo "scale=3; $1 / $RAW32" | bc; }
C8="$(get create_config_c8_per_s)"; C32="$(get create_config_c32_per_s)"
{
  echo
  echo "== Amplifier App API benchmark ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
  echo "runs per figure: $RUNS x ${SECONDS_PER_RUN}s (median, min, max); seeded events: $SEED"
  echo "raw append floor, 8 conns:        $(get raw_append_c8_per_s)/s"
  echo "raw append floor, 32 conns:       $RAW32/s"
  echo "create-config, 8 clients:         $C8/s (x$(ratio "$C8") of raw32), p50 $(get create_config_c8_p50_ms) ms, p95 $(get create_config_c8_p95_ms) ms, p99 $(get create_config_c8_p99_ms) ms"
  echo "create-config, 32 clients:        $C32/s (x$(ratio "$C32") of raw32), p50 $(get create_config_c32_p50_ms) ms, p95 $(get create_config_c32_p95_ms) ms, p99 $(get create_config_c32_p99_ms) ms"
  if [[ -n "$(get create_config_auth_c32_per_s)" ]]; then
    echo "create-config, 32 clients, auth:  $(get create_config_auth_c32_per_s)/s (x$(echo "scale=3; $(get create_config_auth_c32_per_s) / $C32" | bc) of no-auth), p99 $(get create_config_auth_c32_p99_ms) ms, CPU $(get create_config_auth_c32_cpu_ms) ms per create (no auth: $(get create_config_c32_cpu_ms) ms)"
  fi
  echo "update-config (If-Match), 8 cl.: $(get update_config_c8_per_s)/s, p50 $(get update_config_c8_p50_ms) ms, p99 $(get update_config_c8_p99_ms) ms"
  echo "get-config decrypt=true, 8 cl.:   $(get decrypt_config_c8_per_s)/s, p50 $(get decrypt_config_c8_p50_ms) ms, p99 $(get decrypt_config_c8_p99_ms) ms"
  echo "message turn (echo), 8 clients:  $(get turn_c8_per_s)/s, p50 $(get turn_c8_p50_ms) ms, p99 $(get turn_c8_p99_ms) ms"
  echo "tool turn (1 MCP round), 8 cl.:   $(get tool_turn_c8_per_s)/s, p50 $(get tool_turn_c8_p50_ms) ms, p99 $(get tool_turn_c8_p99_ms) ms"
  echo "turn latency at 10/1k/10k msgs:   p50 $(get turn_at_10_p50_ms) / $(get turn_at_1000_p50_ms) / $(get turn_at_10000_p50_ms) ms, p99 $(get turn_at_10_p99_ms) / $(get turn_at_1000_p99_ms) / $(get turn_at_10000_p99_ms) ms"
  echo "projection lag at $TARGET/s:     p50 $(get projection_lag_p50_ms) ms, p99 $(get projection_lag_p99_ms) ms, max $(get projection_lag_max_ms) ms"
  echo "rebuild config-view ($HEAD events): $(get rebuild_seconds) s, $(get rebuild_events_per_s) events/s (x$(ratio "$(get rebuild_events_per_s)") of raw32)"
  echo "cold start to /health, empty:     $(get cold_start_empty_s) s"
  echo "cold start to /health, seeded:    $(get cold_start_seeded_s) s"
  echo "cold start, empty, AppCDS:        $(get cold_start_empty_cds_s) s"
  echo "peak RSS during create-config:    $(get peak_rss_mb) MB"
  baseline_summary
  cat "$WORK/trust.txt"
  cat "$WORK/audit.txt" 2>/dev/null || true
  cat "$WORK/replay.txt" 2>/dev/null || true
  echo "all figures (median min max):"
  sed 's/^/  /' "$RESULTS"
} | tee "$WORK/summary.txt"

if [[ "$QUICK" != "1" && "${BENCH_NO_APPEND:-0}" != "1" ]]; then
  row="| $(date -u +%Y-%m-%d) | $(git rev-parse --short HEAD 2>/dev/null || echo unknown) | $RUNS×${SECONDS_PER_RUN}s | $(get raw_append_c32_per_s) | $C8 / $C32 (×$(ratio "$C32")) | $(get create_config_c32_p50_ms) / $(get create_config_c32_p95_ms) / $(get create_config_c32_p99_ms) | $(get projection_lag_p50_ms) / $(get projection_lag_p99_ms) / $(get projection_lag_max_ms) | $HEAD in $(get rebuild_seconds) s ($(get rebuild_events_per_s)/s) | $(get cold_start_empty_s) / $(get cold_start_seeded_s) (AppCDS $(get cold_start_empty_cds_s)) | $(get peak_rss_mb) | $(get create_config_auth_c32_per_s) (×$(echo "scale=3; $(get create_config_auth_c32_per_s) / $C32" | bc)) | $(get update_config_c8_per_s) / $(get decrypt_config_c8_per_s) | $(get turn_c8_per_s); tools $(get tool_turn_c8_per_s); p50 $(get turn_at_10_p50_ms) / $(get turn_at_1000_p50_ms) / $(get turn_at_10000_p50_ms) ms | $(get baseline_create_config_c8_per_s) / $(get baseline_create_config_c32_per_s) (ours ×$(xratio "$C8" "$(get baseline_create_config_c8_per_s)") / ×$(xratio "$C32" "$(get baseline_create_config_c32_per_s)"); p99 $(get baseline_create_config_c32_p99_ms) ms, ours ×$(xratio "$(get create_config_c32_p99_ms)" "$(get baseline_create_config_c32_p99_ms)")) | $(get create_config_first60_c32_per_s) / $(get baseline_create_config_first60_c32_per_s) (JIT quiet after $(get create_config_warmup_s) / $(get baseline_create_config_warmup_s) s) | $(get baseline_peak_rss_mb) | $(get cold_start_empty_jdk25_s) / $(get cold_start_empty_jdk25_aot_s) |"
  echo "$row" >>docs/benchmarks.md
  log "appended the results row to docs/benchmarks.md"
fi
