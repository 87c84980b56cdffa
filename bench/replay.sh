# Issue-12 scenarios, sourced by bench/run.sh (in a full run, or alone with BENCH_ONLY=replay):
#  (a) read and write p99 during a rebuild of config-view over BENCH_SEED_EVENTS events, under 50 %
#      load, against the same load without a rebuild (goal: within 2x);
#  (b) failover: two nodes on one database, kill -9 of one, time until the survivor owns every
#      segment of every processor and a write on it is readable on it.
# Uses run.sh's helpers (log, record, get, start_service, stop_service, await_caught_up, free_port,
# PSQL, CP, SEED, RUNS, SECONDS_PER_RUN, WORK, JAR). Loopback only; every loop is bounded.

REPLAY_URL() { echo "http://127.0.0.1:$SERVICE_PORT"; }

# replay_mixed RATE_W RATE_R OUT: 8 writers (create-config) and 8 readers (GET /configs/{id}) at
# once, each paced to its rate (0 = as fast as they go); their result lines go to OUT.w and OUT.r
replay_mixed() {
  java -cp "$CP" LoadClient "$(REPLAY_URL)" 8 "$SECONDS_PER_RUN" "$1" >"$3.w" &
  local writers=$!
  java -cp "$CP" LoadClient "$(REPLAY_URL)" 8 "$SECONDS_PER_RUN" "$2" 50 read >"$3.r"
  wait "$writers"
}

# every projection has read up to the head and no rebuild runs (bounded: 30 min)
replay_all_caught_up() {
  for _ in $(seq 1 36000); do
    local s; s="$(curl -sf "$(REPLAY_URL)/admin/projections" || true)"
    if [[ -n "$s" && "$s" != *'"lag":null'* && ! "$s" =~ \"lag\":[1-9] && "$s" != *'"rebuild_running":true'* ]]; then
      return 0
    fi
    sleep 0.05
  done
  return 1
}

replay_state() {
  curl -sf "$(REPLAY_URL)/admin/projections/config-view" | sed -n 's/.*"state":"\([a-z]*\)".*"rebuild_running".*/\1/p'
}

# ---------------------------------------------------------------- (a) p99 during a rebuild
stop_service
"${PSQL[@]}" -c "DROP DATABASE IF EXISTS replay" -c "CREATE DATABASE replay"
start_service replay   # Flyway creates the schema
stop_service
log "replay: seeding $SEED events"
"${PSQL[@]}" -d replay -v n="$SEED" -f bench/seed.sql >/dev/null
"${PSQL[@]}" -d replay -c "VACUUM ANALYZE domainevententry"
start_service replay
replay_all_caught_up || log "replay: WARNING the projections did not catch up within 30 min"
replay_mixed 0 0 "$WORK/replay-peak"
PEAK_W="$(field rps <"$WORK/replay-peak.w")"; PEAK_R="$(field rps <"$WORK/replay-peak.r")"
# (two decimals: a rate of 0 would mean "unpaced" to the load client)
HALF_W="$(echo "scale=2; $PEAK_W / 2" | bc)"; HALF_R="$(echo "scale=2; $PEAK_R / 2" | bc)"
log "replay: mixed peak $PEAK_W writes/s + $PEAK_R reads/s; 50 % load = $HALF_W + $HALF_R"
# First every run without a rebuild, then one rebuild and every run during it: a paced rebuild of
# this size outlasts all of them (PROJECTION_REBUILD_SHARE), and no run without one overlaps it.
base_w=(); base_r=(); reb_w=(); reb_r=(); covered=0
for run in $(seq 1 "$RUNS"); do
  replay_mixed "$HALF_W" "$HALF_R" "$WORK/replay-base"
  log "replay: no rebuild: writes $(cat "$WORK/replay-base.w") | reads $(cat "$WORK/replay-base.r")"
  base_w+=("$(field p99_ms <"$WORK/replay-base.w")"); base_r+=("$(field p99_ms <"$WORK/replay-base.r")")
done
REBUILD_STARTED="$(date +%s)"
curl -sf -o /dev/null -X POST "$(REPLAY_URL)/admin/projections/config-view/rebuild"
for run in $(seq 1 "$RUNS"); do
  replay_mixed "$HALF_W" "$HALF_R" "$WORK/replay-reb"
  state="$(replay_state)"
  [[ "$state" == "rebuilding" || "$state" == "switching" ]] && covered=$((covered + 1))
  log "replay: during rebuild (still $state at the end): writes $(cat "$WORK/replay-reb.w") | reads $(cat "$WORK/replay-reb.r")"
  reb_w+=("$(field p99_ms <"$WORK/replay-reb.w")"); reb_r+=("$(field p99_ms <"$WORK/replay-reb.r")")
done
replay_all_caught_up || log "replay: WARNING the rebuild did not end within 30 min"
log "replay: the rebuild took $(( $(date +%s) - REBUILD_STARTED )) s: $(curl -sf "$(REPLAY_URL)/admin/projections/config-view" | sed -n 's/.*"rebuild":\({[^}]*}\).*/\1/p')"
await_caught_up
record replay_base_write_p99_ms "${base_w[@]}"; record replay_base_read_p99_ms "${base_r[@]}"
record replay_rebuild_write_p99_ms "${reb_w[@]}"; record replay_rebuild_read_p99_ms "${reb_r[@]}"
REPLAY_HEAD="$(curl -sf "$(REPLAY_URL)/admin/projections" | sed -n 's/.*"head":\([0-9]*\)}$/\1/p')"
stop_service

# ---------------------------------------------------------------- (b) failover after kill -9
REPLAY_PIDS=()
replay_stop_nodes() {
  local pid
  for pid in "${REPLAY_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  REPLAY_PIDS=()
}
trap 'replay_stop_nodes; cleanup' EXIT
# replay_node NAME PORT: starts a node on database "failover"; its pid goes to REPLAY_PID
REPLAY_PID=""
replay_node() {
  env DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/failover" SERVICE_PORT="$2" \
    CONFIG_ENCRYPTION_KEY="bench-master-key-$PG_PORT-not-for-production" \
    RATE_LIMIT_REQUESTS_PER_MINUTE=1000000000 RATE_LIMIT_TURNS_PER_MINUTE=1000000000 \
    TURN_MAX_CONCURRENT_PER_USER=100000 TURN_MAX_CONCURRENT_PER_APP=100000 \
    TURN_STREAMS_MAX_PER_USER=100000 TURN_STREAMS_MAX_PER_APP=100000 \
    java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >>"$WORK/node-$1.log" 2>&1 &
  REPLAY_PID=$!
  REPLAY_PIDS+=("$REPLAY_PID")
}
replay_await_health() { # PORT PID
  for _ in $(seq 1 1500); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/health" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
# replay_unowned PID: tracking segments not owned by the node with this pid (0 = it owns them all)
replay_unowned() {
  "${PSQL[@]}" -d failover -tAc \
    "SELECT count(*) FROM tokenentry WHERE processorname NOT LIKE '%.rebuild' AND (owner IS NULL OR owner NOT LIKE '$1@%')"
}
replay_both_own() { # PID_A PID_B: true when both nodes own segments of every processor
  local missing
  missing="$("${PSQL[@]}" -d failover -tAc \
    "SELECT count(*) FROM (SELECT processorname, count(*) FILTER (WHERE owner LIKE '$1@%') a,
       count(*) FILTER (WHERE owner LIKE '$2@%') b FROM tokenentry
       WHERE processorname NOT LIKE '%.rebuild' GROUP BY processorname) p WHERE a = 0 OR b = 0")"
  [[ "$missing" == "0" ]]
}
"${PSQL[@]}" -c "DROP DATABASE IF EXISTS failover" -c "CREATE DATABASE failover"
# replay_up NAME PORT_VAR: starts node NAME on the port in PORT_VAR (a fresh free one when empty)
# and waits for its health; a port taken meanwhile by another process gets a new port, at most 3
# times. Sets REPLAY_PID.
replay_up() {
  local attempt
  for attempt in 1 2 3; do
    [[ -n "${!2}" ]] || printf -v "$2" '%s' "$(free_port)"
    replay_node "$1" "${!2}"
    if replay_await_health "${!2}" "$REPLAY_PID"; then return 0; fi
    kill -9 "$REPLAY_PID" 2>/dev/null || true; wait "$REPLAY_PID" 2>/dev/null || true
    log "replay: node $1 did not start on port ${!2} (attempt $attempt)"; printf -v "$2" '%s' ""
  done
  tail -n 30 "$WORK/node-$1.log" >&2
  return 1
}
PORT_A=""; PORT_B=""
replay_up b PORT_B || exit 1
PID_B="$REPLAY_PID"
claims=(); writes=()
for run in $(seq 1 "$RUNS"); do
  replay_up a PORT_A || exit 1
  PID_A="$REPLAY_PID"
  for _ in $(seq 1 600); do replay_both_own "$PID_A" "$PID_B" && break; sleep 0.1; done
  java -cp "$CP" LoadClient "http://127.0.0.1:$PORT_A" 4 2 >/dev/null   # some traffic on A
  t0="$(date +%s.%N)"
  kill -9 "$PID_A"; wait "$PID_A" 2>/dev/null || true
  t_claim=""
  for _ in $(seq 1 1200); do
    if [[ "$(replay_unowned "$PID_B")" == "0" ]]; then t_claim="$(date +%s.%N)"; break; fi
    sleep 0.05
  done
  t_write=""
  for _ in $(seq 1 600); do
    id="$(curl -sf -X POST "http://127.0.0.1:$PORT_B/configs" -H 'Content-Type: application/json' \
      -d '{"name":"after-failover","config_data":{"bundle":{"name":"b"}}}' | sed -n 's/.*"config_id":"\([^"]*\)".*/\1/p')"
    if [[ -n "$id" ]] && curl -sf -o /dev/null "http://127.0.0.1:$PORT_B/configs/$id"; then
      t_write="$(date +%s.%N)"; break
    fi
    sleep 0.05
  done
  [[ -n "$t_claim" && -n "$t_write" ]] || { log "replay: failover did not complete"; tail -n 30 "$WORK/node-b.log" >&2; exit 1; }
  claims+=("$(echo "$t_claim - $t0" | bc)"); writes+=("$(echo "$t_write - $t0" | bc)")
  log "replay: kill -9 of A: B owns every segment after ${claims[-1]} s, a write on B readable after ${writes[-1]} s"
done
replay_stop_nodes
record failover_all_segments_s "${claims[@]}"
record failover_write_readable_s "${writes[@]}"

{
  echo "rebuild of config-view ($REPLAY_HEAD events) under 50 % load ($HALF_W writes/s + $HALF_R reads/s), rebuild still running at the end of $covered of $RUNS runs:"
  echo "  write p99 $(get replay_rebuild_write_p99_ms) ms vs $(get replay_base_write_p99_ms) ms without (x$(echo "scale=2; $(get replay_rebuild_write_p99_ms) / $(get replay_base_write_p99_ms)" | bc); goal <= 2)"
  echo "  read p99  $(get replay_rebuild_read_p99_ms) ms vs $(get replay_base_read_p99_ms) ms without (x$(echo "scale=2; $(get replay_rebuild_read_p99_ms) / $(get replay_base_read_p99_ms)" | bc); goal <= 2)"
  echo "failover after kill -9 of one of two nodes (PROJECTION_CLAIM_TIMEOUT ${PROJECTION_CLAIM_TIMEOUT:-5s}):"
  echo "  every segment on the survivor after $(get failover_all_segments_s) s, a write on it readable after $(get failover_write_readable_s) s"
} | tee "$WORK/replay.txt" >&2
