# Sourced by bench/run.sh (issue 14): the CRUD baseline, the first minute against the steady state
# (after the JIT has gone quiet), peak RSS, and cold starts with Java 25's AOT cache.
# Needs from run.sh: ROOT WORK CP RUNS SECONDS_PER_RUN QUICK PG_PORT PSQL SERVICE_PORT SERVICE_PID
# and log record get start_service stop_service.

# The service's default JVM flags: the same file the README's run command uses (app/pom.xml passes
# it to spring-boot:run, the Dockerfile to its java), passed to every JVM the harness starts for a
# service, ours and the baseline alike. BENCH_JAVA_OPTS comes after it, so it can override a flag.
JVM_OPTIONS_FILE="$ROOT/app/jvm.options"
DEFAULT_JVM_OPTS=""
[[ -f "$JVM_OPTIONS_FILE" ]] && DEFAULT_JVM_OPTS="@$JVM_OPTIONS_FILE"
BASELINE_JAR="$ROOT/bench/crud-baseline/target/crud-baseline.jar"
JDK25="$(ls -d /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* 2>/dev/null | head -n 1 || true)"
if [[ "$QUICK" == "1" ]]; then
  FIRST_SECONDS="${BENCH_FIRST_SECONDS:-10}"; WARMUP_MAX="${BENCH_WARMUP_MAX:-30}"
else
  FIRST_SECONDS="${BENCH_FIRST_SECONDS:-60}"; WARMUP_MAX="${BENCH_WARMUP_MAX:-240}"
fi
WARMUP_WINDOW="${BENCH_WARMUP_WINDOW:-5}"

build_baseline() {
  if [[ "${BENCH_SKIP_BUILD:-0}" == "1" && -f "$BASELINE_JAR" ]]; then return 0; fi
  log "building the CRUD baseline (bench/crud-baseline)"
  ./mvnw -B -q -ntp -o -f bench/crud-baseline/pom.xml package -DskipTests \
    || ./mvnw -B -q -ntp -f bench/crud-baseline/pom.xml package -DskipTests
}

# jit_sample: "<methods compiled> <seconds spent compiling>" of the service, from its JIT counters
# (jstat -compiler reads sun.ci.totalCompiles / sun.ci.totalTime).
jit_sample() { jstat -compiler "$SERVICE_PID" 2>/dev/null | awk 'NR==2 {print $1, $4}'; }
# cpu_ticks: user + system CPU time of the service so far, in clock ticks (1/100 s). CPU per request
# is the figure a busy machine disturbs least (wall-clock rates fall with every other process).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVICE_PID/stat"; }

# create_config_phase PREFIX RSS_NAME: on a service just started, records
#  - PREFIX_first60_c32_*: 32 clients from the very first request for FIRST_SECONDS (no warm-up);
#  - PREFIX_warmup_s: seconds under load (first minute included) until the JIT is quiet: more load
#    at 32 clients in windows of WARMUP_WINDOW s until two windows in a row each spent less than
#    1 % of their length compiling (at most WARMUP_MAX s more);
#  - PREFIX_c8_* and PREFIX_c32_*: the steady state, RUNS runs of SECONDS_PER_RUN s each, and
#    PREFIX_c32_cpu_ms: the service's CPU milliseconds per request over the 32-client runs;
#  - RSS_NAME: VmHWM (peak resident set) of the service after all of it.
# BENCH_PROFILE=1 records the steady 32-client runs with JFR (settings=profile) into bench/results/
# and prints the hottest frames and libraries (bench/JfrTop.java).
create_config_phase() {
  local prefix="$1" rss_name="$2" out before after dcount dms loaded quiet=0 extra=0 clients
  local url="http://127.0.0.1:$SERVICE_PORT"
  before="$(jit_sample)"
  out="$(BENCH_WARMUP_SECONDS=0 java -cp "$CP" LoadClient "$url" 32 "$FIRST_SECONDS")"
  after="$(jit_sample)"
  log "$prefix first ${FIRST_SECONDS}s, c=32: $out | JIT: $before -> $after (methods, s)"
  record "${prefix}_first60_c32_per_s" "$(echo "$out" | field rps)"
  record "${prefix}_first60_c32_p50_ms" "$(echo "$out" | field p50_ms)"
  record "${prefix}_first60_c32_p99_ms" "$(echo "$out" | field p99_ms)"
  before="$after"
  while (( extra < WARMUP_MAX )); do
    BENCH_WARMUP_SECONDS=0 java -cp "$CP" LoadClient "$url" 32 "$WARMUP_WINDOW" >/dev/null
    extra=$((extra + WARMUP_WINDOW))
    after="$(jit_sample)"
    dcount="$(echo "$before $after" | awk '{print $3 - $1}')"
    dms="$(echo "$before $after" | awk '{printf "%.0f", ($4 - $2) * 1000}')"
    log "$prefix warm-up +${extra}s: +$dcount methods compiled, +$dms ms compiling"
    if (( dms * 100 < WARMUP_WINDOW * 1000 )); then quiet=$((quiet + 1)); else quiet=0; fi
    before="$after"
    (( quiet >= 2 )) && break
  done
  loaded=$((FIRST_SECONDS + extra))
  (( quiet >= 2 )) || log "$prefix: the JIT was still compiling after ${loaded}s of load; measuring anyway"
  record "${prefix}_warmup_s" "$loaded"
  echo "${prefix}_jit_quiet=$([[ $quiet -ge 2 ]] && echo yes || echo no) min=0 max=0" >>"$RESULTS"
  for clients in 8 32; do
    local rps=() p50=() p95=() p99=() cpu=() t0
    if [[ "${BENCH_PROFILE:-0}" == "1" && "$clients" == "32" ]]; then
      jcmd "$SERVICE_PID" JFR.start name=bench settings=profile filename="$WORK/$prefix.jfr" >/dev/null
    fi
    for _ in $(seq 1 "$RUNS"); do
      t0="$(cpu_ticks)"
      out="$(java -cp "$CP" LoadClient "$url" "$clients" "$SECONDS_PER_RUN")"
      log "$prefix steady c=$clients: $out"
      rps+=("$(echo "$out" | field rps)"); p50+=("$(echo "$out" | field p50_ms)")
      p95+=("$(echo "$out" | field p95_ms)"); p99+=("$(echo "$out" | field p99_ms)")
      cpu+=("$(echo "scale=3; ($(cpu_ticks) - $t0) * 10 / $(echo "$out" | field requests)" | bc)")
    done
    record "${prefix}_c${clients}_cpu_ms" "${cpu[@]}"
    if [[ "${BENCH_PROFILE:-0}" == "1" && "$clients" == "32" ]]; then
      jcmd "$SERVICE_PID" JFR.stop name=bench >/dev/null
      mkdir -p "$ROOT/bench/results"
      cp "$WORK/$prefix.jfr" "$ROOT/bench/results/$prefix.jfr"
      java "$ROOT/bench/JfrTop.java" "$WORK/$prefix.jfr" 25 | tee "$ROOT/bench/results/$prefix-profile.txt" >&2
      log "profile of the steady 32-client runs: bench/results/$prefix.jfr, summary beside it"
    fi
    record "${prefix}_c${clients}_per_s" "${rps[@]}"
    record "${prefix}_c${clients}_p50_ms" "${p50[@]}"
    record "${prefix}_c${clients}_p95_ms" "${p95[@]}"
    record "${prefix}_c${clients}_p99_ms" "${p99[@]}"
  done
  record "$rss_name" "$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVICE_PID/status")"
}

# baseline_scenarios: the CRUD baseline on its own database of the same cluster, same flags, same
# client, same concurrency; run before our service starts so the two never share the cores.
baseline_scenarios() {
  local starts=() cpus=()
  for _ in $(seq 1 "$RUNS"); do
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS crudbaseline" -c "CREATE DATABASE crudbaseline"
    RUN_JAR="$BASELINE_JAR" start_service crudbaseline \
      BASELINE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/crudbaseline"
    starts+=("$START_SECONDS"); cpus+=("$START_CPU")
    stop_service
  done
  record baseline_cold_start_s "${starts[@]}"
  record baseline_cold_start_cpu_s "${cpus[@]}"
  RUN_JAR="$BASELINE_JAR" start_service crudbaseline \
    BASELINE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/crudbaseline"
  create_config_phase baseline_create_config baseline_peak_rss_mb
  stop_service
}

# cold_start_jdk25: the empty-store cold start on Java 25, plain and with an AOT cache (JEP 483/514:
# loaded and linked classes and method profiles from one training run that starts, answers /health
# and stops), from the extracted layout run.sh made in $WORK/cds.
cold_start_jdk25() {
  if [[ -z "$JDK25" || ! -x "$JDK25/bin/java" ]]; then log "no JDK 25 under /usr/lib/jvm: no AOT-cache start"; return 0; fi
  local starts=() cpus=()
  for _ in $(seq 1 "$RUNS"); do
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS cold" -c "CREATE DATABASE cold"
    JAVA_BIN="$JDK25/bin/java" start_service cold
    starts+=("$START_SECONDS"); cpus+=("$START_CPU"); stop_service
  done
  record cold_start_empty_jdk25_s "${starts[@]}"
  record cold_start_empty_jdk25_cpu_s "${cpus[@]}"
  # the README's training run: a real start that answers /health once, then a normal stop (the
  # cache is written as the JVM exits)
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS aottrain" -c "CREATE DATABASE aottrain"
  local trainer
  env DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/aottrain" SERVICE_PORT="$SERVICE_PORT" \
    CONFIG_ENCRYPTION_KEY="bench-aot-training" "$JDK25/bin/java" $DEFAULT_JVM_OPTS ${BENCH_JAVA_OPTS:-} \
    -XX:AOTCacheOutput="$WORK/cds/app.aot" \
    -jar "$WORK/cds/amplifier-app-api.jar" >"$WORK/aot-training.log" 2>&1 &
  trainer=$!
  for _ in $(seq 1 6000); do
    curl -sf -o /dev/null "http://127.0.0.1:$SERVICE_PORT/health" && break
    kill -0 "$trainer" 2>/dev/null || break
    sleep 0.1
  done
  kill "$trainer" 2>/dev/null || true
  wait "$trainer" 2>/dev/null || true
  if [[ ! -f "$WORK/cds/app.aot" ]]; then tail -n 20 "$WORK/aot-training.log" >&2; return 0; fi
  starts=(); cpus=()
  for _ in $(seq 1 "$RUNS"); do
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS cold" -c "CREATE DATABASE cold"
    JAVA_BIN="$JDK25/bin/java" RUN_JAR="$WORK/cds/amplifier-app-api.jar" \
      RUN_OPTS="-XX:AOTCache=$WORK/cds/app.aot" start_service cold
    starts+=("$START_SECONDS"); cpus+=("$START_CPU"); stop_service
  done
  record cold_start_empty_jdk25_aot_s "${starts[@]}"
  record cold_start_empty_jdk25_aot_cpu_s "${cpus[@]}"
}

# x A B: A / B to three places, or "?" when either is missing
xratio() { if [[ -n "$1" && -n "$2" && "$2" != "0" && "$1" != "nan" && "$2" != "nan" ]]; then echo "scale=3; $1 / $2" | bc; else echo "?"; fi; }

baseline_summary() {
  local b8 b32
  b8="$(get baseline_create_config_c8_per_s)"; b32="$(get baseline_create_config_c32_per_s)"
  echo "JVM flags of both services:       $( [[ -f "$JVM_OPTIONS_FILE" ]] && sed 's/#.*//' "$JVM_OPTIONS_FILE" | tr -s ' \n' ' ') ${BENCH_JAVA_OPTS:-}"
  echo "CRUD baseline, steady, 8 clients:  $b8/s, p50 $(get baseline_create_config_c8_p50_ms) ms, p99 $(get baseline_create_config_c8_p99_ms) ms"
  echo "CRUD baseline, steady, 32 clients: $b32/s, p50 $(get baseline_create_config_c32_p50_ms) ms, p99 $(get baseline_create_config_c32_p99_ms) ms"
  echo "create-config vs baseline, 8 cl.:  x$(xratio "$(get create_config_c8_per_s)" "$b8") rate, p99 x$(xratio "$(get create_config_c8_p99_ms)" "$(get baseline_create_config_c8_p99_ms)")"
  echo "create-config vs baseline, 32 cl.: x$(xratio "$(get create_config_c32_per_s)" "$b32") rate (goal >= 0.67), p99 x$(xratio "$(get create_config_c32_p99_ms)" "$(get baseline_create_config_c32_p99_ms)") (goal <= 2)"
  echo "service CPU per create, 32 cl.:   ours $(get create_config_c32_cpu_ms) ms, baseline $(get baseline_create_config_c32_cpu_ms) ms (x$(xratio "$(get create_config_c32_cpu_ms)" "$(get baseline_create_config_c32_cpu_ms)"))"
  if [[ -n "$(get update_config_c8_per_s)" ]]; then
    echo "8-client rates x baseline create:  update $(xratio "$(get update_config_c8_per_s)" "$b8"), decrypt-read $(xratio "$(get decrypt_config_c8_per_s)" "$b8"), message turn $(xratio "$(get turn_c8_per_s)" "$b8")"
  fi
  echo "first ${FIRST_SECONDS} s, 32 clients, ours:   $(get create_config_first60_c32_per_s)/s, p50 $(get create_config_first60_c32_p50_ms) ms, p99 $(get create_config_first60_c32_p99_ms) ms (steady x$(xratio "$(get create_config_first60_c32_per_s)" "$(get create_config_c32_per_s)"))"
  echo "first ${FIRST_SECONDS} s, 32 clients, baseline: $(get baseline_create_config_first60_c32_per_s)/s, p50 $(get baseline_create_config_first60_c32_p50_ms) ms, p99 $(get baseline_create_config_first60_c32_p99_ms) ms (ours x$(xratio "$(get create_config_first60_c32_per_s)" "$(get baseline_create_config_first60_c32_per_s)"))"
  echo "load until the JIT was quiet:      ours $(get create_config_warmup_s) s ($(get create_config_jit_quiet)), baseline $(get baseline_create_config_warmup_s) s ($(get baseline_create_config_jit_quiet))"
  echo "peak RSS, ours / baseline:         $(get peak_rss_mb) / $(get baseline_peak_rss_mb) MB (goal ours <= 512)"
  echo "cold start, empty, ours:           $(get cold_start_empty_s) s ($(get cold_start_empty_cpu_s) s CPU; goal < 4)"
  echo "cold start, empty, baseline:       $(get baseline_cold_start_s) s ($(get baseline_cold_start_cpu_s) s CPU)"
  if [[ -n "$(get cold_start_empty_jdk25_s)" ]]; then
    echo "cold start, empty, Java 25:        $(get cold_start_empty_jdk25_s) s ($(get cold_start_empty_jdk25_cpu_s) s CPU), with AOT cache $(get cold_start_empty_jdk25_aot_s) s ($(get cold_start_empty_jdk25_aot_cpu_s) s CPU; goal < 2)"
  fi
}

# BENCH_ONLY=baseline: the raw floor is skipped; cold starts (plain, AppCDS, Java 25 AOT), the CRUD
# baseline and our create-config (first minute, warm-up, steady state, RSS), then a summary.
baseline_only_run() {
  local starts=() cpus=()
  for _ in $(seq 1 "$RUNS"); do
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS cold" -c "CREATE DATABASE cold"
    start_service cold; starts+=("$START_SECONDS"); cpus+=("$START_CPU"); stop_service
  done
  record cold_start_empty_s "${starts[@]}"
  record cold_start_empty_cpu_s "${cpus[@]}"
  java -Djarmode=tools -jar "$JAR" extract --destination "$WORK/cds" >/dev/null
  cold_start_jdk25
  baseline_scenarios
  start_service amplifier
  create_config_phase create_config peak_rss_mb
  stop_service
  {
    echo
    echo "== BENCH_ONLY=baseline ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
    echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); runs: $RUNS x ${SECONDS_PER_RUN}s"
    echo "create-config, steady, 8 clients:  $(get create_config_c8_per_s)/s, p50 $(get create_config_c8_p50_ms) ms, p99 $(get create_config_c8_p99_ms) ms"
    echo "create-config, steady, 32 clients: $(get create_config_c32_per_s)/s, p50 $(get create_config_c32_p50_ms) ms, p99 $(get create_config_c32_p99_ms) ms"
    baseline_summary
    echo "all figures (median min max):"
    sed 's/^/  /' "$RESULTS"
  } | tee "$WORK/summary.txt"
}

# BENCH_ONLY=wrk (issue 22): create-config measured by wrk, the issue's second yardstick, for the
# CRUD baseline and then ours, one after the other on their own databases of the same cluster:
# wrk -t2 -c32 with the LoadClient body (its api_key, one user), WRK_WARMUP s of untimed load
# (default 60) then WRK_SECONDS s measured (default 60), with latency percentiles; peak RSS (VmHWM)
# after it. Needs wrk on the PATH (apt-get install wrk).
wrk_create() { # wrk_create PREFIX: on the running service
  local url="http://127.0.0.1:$SERVICE_PORT/configs" script="$WORK/create.lua" out
  cat >"$script" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-User-ID"] = "bench-wrk"
wrk.body = '{"name":"bench-wrk","description":"benchmark config","config_data":{"bundle":{"name":"bench"},"providers":[{"module":"provider-echo","config":{"model":"echo","api_key":"sk-bench-secret"}}]},"tags":{"bench":"true"}}'
done = function(summary, latency, requests)
  io.write(string.format("WRK rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
LUA
  wrk -t2 -c32 -d"${WRK_WARMUP:-60}s" -s "$script" "$url" >/dev/null
  local t0; t0="$(cpu_ticks)"
  out="$(wrk -t2 -c32 -d"${WRK_SECONDS:-60}s" --timeout 30s -s "$script" "$url" | grep '^WRK')"
  local t1; t1="$(cpu_ticks)"
  log "$1 wrk: $out"
  record "${1}_rps" "$(echo "$out" | field rps)"
  record "${1}_p50_ms" "$(echo "$out" | field p50_ms)"
  record "${1}_p99_ms" "$(echo "$out" | field p99_ms)"
  record "${1}_non2xx" "$(echo "$out" | field non2xx)"
  local requests; requests="$(echo "$out" | field rps | awk -v s="${WRK_SECONDS:-60}" '{print $1 * s}')"
  record "${1}_cpu_ms" "$(echo "$t0 $t1 $requests" | awk '{printf "%.3f", ($2 - $1) * 10 / $3}')"
  record "${1}_peak_rss_mb" "$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SERVICE_PID/status")"
}

wrk_only_run() {
  command -v wrk >/dev/null || { log "wrk is not installed (apt-get install wrk)"; exit 1; }
  "${PSQL[@]}" -c "DROP DATABASE IF EXISTS crudbaseline" -c "CREATE DATABASE crudbaseline"
  RUN_JAR="$BASELINE_JAR" start_service crudbaseline \
    BASELINE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/crudbaseline"
  record wrk_baseline_ready_s "$START_SECONDS"
  wrk_create wrk_baseline
  stop_service
  start_service amplifier
  record wrk_ours_ready_s "$START_SECONDS"
  wrk_create wrk_ours
  stop_service
  echo "wrk create-config, 32 connections, ${WRK_WARMUP:-60} s warm-up, ${WRK_SECONDS:-60} s measured (commit $(git -C "$ROOT" rev-parse --short HEAD)):"
  echo "  baseline: $(get wrk_baseline_rps)/s, p50 $(get wrk_baseline_p50_ms) ms, p99 $(get wrk_baseline_p99_ms) ms, CPU $(get wrk_baseline_cpu_ms) ms/create, peak RSS $(get wrk_baseline_peak_rss_mb) MB, non-2xx $(get wrk_baseline_non2xx)"
  echo "  ours:     $(get wrk_ours_rps)/s, p50 $(get wrk_ours_p50_ms) ms, p99 $(get wrk_ours_p99_ms) ms, CPU $(get wrk_ours_cpu_ms) ms/create, peak RSS $(get wrk_ours_peak_rss_mb) MB, non-2xx $(get wrk_ours_non2xx)"
  echo "  ours / baseline: rate x$(xratio "$(get wrk_ours_rps)" "$(get wrk_baseline_rps)") (goal >= 0.67), p99 x$(xratio "$(get wrk_ours_p99_ms)" "$(get wrk_baseline_p99_ms)") (goal <= 1.5), CPU x$(xratio "$(get wrk_ours_cpu_ms)" "$(get wrk_baseline_cpu_ms)"), RSS x$(xratio "$(get wrk_ours_peak_rss_mb)" "$(get wrk_baseline_peak_rss_mb)") (goal <= 1.5)"
}
