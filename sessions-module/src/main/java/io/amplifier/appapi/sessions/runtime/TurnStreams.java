package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.sessions.api.SessionId;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The stream of each turn, kept in PostgreSQL ({@code session_turn_events}) so a client may read it
 * from any node, and pick it up after a dropped connection, while the turn runs and for {@code
 * TURN_EVENTS_RETENTION_SECONDS} (at least 600) after it ends. Each event gets the next {@code seq}
 * of its turn (its SSE id). The node running a turn writes its events in small batches (at most
 * {@value #BATCH} rows, or what came in {@value #FLUSH_MILLIS} ms) and wakes its own readers at
 * once; readers on other nodes poll every {@code TURN_EVENTS_POLL_MILLIS}. Sizes are bounded: past
 * {@value #MERGE_AFTER} events of one turn, consecutive text deltas are merged into one event per
 * batch (the text is whole, only cut differently), and a reply is bounded by {@code
 * PROVIDER_MAX_REPLY_CHARS}.
 */
@Component
public class TurnStreams {

  private static final Logger log = LoggerFactory.getLogger(TurnStreams.class);
  static final int BATCH = 64;
  static final long FLUSH_MILLIS = 25;
  static final int MERGE_AFTER = 4096;

  /** Streams one sweep statement deletes. */
  static final int SWEEP_BATCH = 500;

  /** Statements one sweep runs at most (1,000,000 streams a minute). */
  static final int SWEEP_MAX_BATCHES = 2_000;

  /** Event types after which a turn's stream has nothing more to say. */
  public static final Set<String> TERMINAL = Set.of("done", "error");

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final long retentionSeconds;
  private final long pollMillis;
  private final Map<String, Writer> writing = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = DaemonThreads.scheduled("turn-streams");

  TurnStreams(
      JdbcTemplate jdbc,
      ObjectMapper json,
      @Value("${TURN_EVENTS_RETENTION_SECONDS:900}") long retentionSeconds,
      @Value("${TURN_EVENTS_POLL_MILLIS:200}") long pollMillis) {
    this.jdbc = jdbc;
    this.json = json;
    this.retentionSeconds = Math.max(600, retentionSeconds);
    this.pollMillis = Math.max(10, Math.min(pollMillis, 5_000));
  }

  /** One event of a turn's stream: its id, its type and its JSON exactly as written. */
  public record StreamEntry(long seq, String type, String data) {}

  @PostConstruct
  void start() {
    timer.scheduleWithFixedDelay(
        this::flushStale, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::sweep, 60, 60, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    writing.values().forEach(Writer::flush);
  }

  /** Opens the stream of a turn about to run on this node. */
  Writer open(SessionId session, String turnId) {
    jdbc.update(
        "INSERT INTO session_turn_streams (turn_id, session_id) VALUES (?, ?)",
        turnId,
        session.value());
    Writer writer = new Writer(session, turnId);
    writing.put(key(session, turnId), writer);
    return writer;
  }

  /**
   * Goes on writing the stream of a parked turn that resumes on this node, after the events it has.
   */
  Writer reopen(SessionId session, String turnId) {
    Integer last =
        jdbc.queryForObject(
            "SELECT coalesce(max(seq), 0) FROM session_turn_events WHERE session_id = ? AND turn_id = ?",
            Integer.class,
            session.value(),
            turnId);
    Writer writer = new Writer(session, turnId);
    writer.written = last == null ? 0 : last;
    writer.stored = writer.written;
    writing.put(key(session, turnId), writer);
    return writer;
  }

  /** The last events of an ended turn's stream, in order; empty while it has not ended. */
  List<StreamEntry> ending(SessionId session, String turnId) {
    if (!Boolean.TRUE.equals(
        jdbc.query(
            "SELECT ended_at IS NOT NULL FROM session_turn_streams WHERE session_id = ? AND turn_id = ?",
            rs -> rs.next() && rs.getBoolean(1),
            session.value(),
            turnId))) {
      return List.of();
    }
    List<StreamEntry> last =
        new ArrayList<>(
            jdbc.query(
                "SELECT seq, type, data::text FROM session_turn_events WHERE session_id = ? AND turn_id = ? ORDER BY seq DESC LIMIT 3",
                (rs, i) -> new StreamEntry(rs.getLong(1), rs.getString(2), rs.getString(3)),
                session.value(),
                turnId));
    java.util.Collections.reverse(last);
    return last;
  }

  /**
   * Ends the stream of a turn that no node runs any more (its node died, or it was cancelled while
   * orphaned) with {@code events}; a stream that already ended, or never was, is left alone.
   */
  void endOrphan(SessionId session, String turnId, List<Map<String, Object>> events) {
    try {
      Integer last =
          jdbc.query(
              "SELECT coalesce((SELECT max(seq) FROM session_turn_events"
                  + " WHERE session_id = s.session_id AND turn_id = s.turn_id), 0)"
                  + " FROM session_turn_streams s WHERE session_id = ? AND turn_id = ? AND ended_at IS NULL",
              rs -> rs.next() ? rs.getInt(1) : null,
              session.value(),
              turnId);
      if (last == null) {
        return;
      }
      List<Object[]> rows = new ArrayList<>();
      int seq = last;
      for (Map<String, Object> event : events) {
        rows.add(new Object[] {session.value(), turnId, ++seq, event.get("type"), write(event)});
      }
      insert(rows);
      jdbc.update(
          "UPDATE session_turn_streams SET ended_at = now() WHERE session_id = ? AND turn_id = ?",
          session.value(),
          turnId);
    } catch (RuntimeException e) {
      log.warn("Could not end the stream of orphaned turn {}: {}", turnId, e.toString());
    }
  }

  /** Whether {@code turnId} of {@code session} still has a stream to read (not swept yet). */
  public boolean exists(SessionId session, String turnId) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM session_turn_streams WHERE turn_id = ? AND session_id = ?)",
            Boolean.class,
            turnId,
            session.value()));
  }

  /** Up to {@code limit} events of a turn after {@code afterSeq}, in order. */
  public List<StreamEntry> after(SessionId session, String turnId, long afterSeq, int limit) {
    return jdbc.query(
        "SELECT seq, type, data::text FROM session_turn_events"
            + " WHERE session_id = ? AND turn_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        (rs, i) -> new StreamEntry(rs.getLong(1), rs.getString(2), rs.getString(3)),
        session.value(),
        turnId,
        afterSeq,
        limit);
  }

  /** True when the turn's stream was ended (its last event is stored). */
  public boolean ended(SessionId session, String turnId) {
    List<Boolean> ended =
        jdbc.queryForList(
            "SELECT ended_at IS NOT NULL FROM session_turn_streams WHERE session_id = ? AND turn_id = ?",
            Boolean.class,
            session.value(),
            turnId);
    return ended.isEmpty() || ended.get(0);
  }

  /**
   * Waits until this node has stored events of {@code turnId} past {@code afterSeq}, or at most the
   * poll interval (the turn may run on another node).
   */
  public void awaitMore(SessionId session, String turnId, long afterSeq)
      throws InterruptedException {
    Writer local = writing.get(key(session, turnId));
    if (local == null) {
      Thread.sleep(pollMillis);
      return;
    }
    synchronized (local.news) {
      if (local.stored <= afterSeq && !local.ended) {
        local.news.wait(pollMillis);
      }
    }
  }

  private void flushStale() {
    long now = System.nanoTime();
    for (Writer writer : writing.values()) {
      writer.flushIfOlder(now - TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS));
    }
  }

  /**
   * Deletes the streams (and, by cascade, the events) of turns that ended more than the retention
   * ago, or never ended and started a day ago: {@value #SWEEP_BATCH} streams per statement, each
   * its own short transaction, skipping rows another node is deleting, until none is left or
   * {@value #SWEEP_MAX_BATCHES} statements ran (the next sweep, a minute later, goes on). Answers
   * how many streams went.
   */
  public int sweep() {
    int total = 0;
    try {
      total += sweepWhere("ended_at < now() - make_interval(secs => ?)", retentionSeconds);
      total +=
          sweepWhere("ended_at IS NULL AND created_at < now() - make_interval(secs => ?)", 86_400);
      if (total > 0) {
        log.debug("Swept {} turn streams", total);
      }
    } catch (RuntimeException e) {
      log.warn("Could not sweep turn streams: {}", e.toString());
    }
    return total;
  }

  private int sweepWhere(String condition, long seconds) {
    int total = 0;
    for (int i = 0; i < SWEEP_MAX_BATCHES; i++) {
      int swept =
          jdbc.update(
              "DELETE FROM session_turn_streams WHERE (session_id, turn_id) IN (SELECT session_id,"
                  + " turn_id FROM session_turn_streams WHERE "
                  + condition
                  + " LIMIT ? FOR UPDATE SKIP LOCKED)",
              seconds,
              SWEEP_BATCH);
      total += swept;
      if (swept < SWEEP_BATCH) {
        break;
      }
    }
    return total;
  }

  private void insert(List<Object[]> rows) {
    if (!rows.isEmpty()) {
      jdbc.batchUpdate(
          "INSERT INTO session_turn_events (session_id, turn_id, seq, type, data)"
              + " VALUES (?, ?, ?, ?, ?::json)",
          rows);
    }
  }

  private String write(Map<String, Object> event) {
    try {
      return json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("A stream event is not JSON", e);
    }
  }

  /** Writes one turn's events; used by the turn's own thread (and the flush timer). */
  final class Writer {
    private final SessionId session;
    private final String turnId;
    private final Object news = new Object();
    private final List<Map<String, Object>> pending = new ArrayList<>();
    private @Nullable StringBuilder mergedText;
    private int written;
    private volatile int stored;
    private long firstPendingNanos;
    private volatile boolean ended;

    private Writer(SessionId session, String turnId) {
      this.session = session;
      this.turnId = turnId;
    }

    /** Appends a text delta ({@code content_block:delta} of block 0). */
    synchronized void delta(String text) {
      if (mergedText != null) {
        mergedText.append(text);
      } else if (written + pending.size() >= MERGE_AFTER) {
        mergedText = new StringBuilder(text);
        add(null); // stands for the merged delta until the batch is written
      } else {
        add(deltaEvent(text));
      }
    }

    /** Appends one event; {@code type} is its first field. */
    synchronized void event(Map<String, Object> event) {
      closeMerge();
      add(event);
      flush();
    }

    /**
     * Stores what is pending and lets the turn go from this node (it is parked): the stream stays
     * open, and whichever node resumes the turn goes on writing it ({@link #reopen}).
     */
    synchronized void park() {
      flush();
      writing.remove(turnId);
      ended = true; // for this node's readers: wait by polling from now on
      wake();
    }

    /** Appends the last events and ends the stream. */
    synchronized void end(List<Map<String, Object>> last) {
      closeMerge();
      last.forEach(this::add);
      flush();
      writing.remove(key(session, turnId));
      try {
        jdbc.update(
            "UPDATE session_turn_streams SET ended_at = now() WHERE session_id = ? AND turn_id = ?",
            session.value(),
            turnId);
      } catch (RuntimeException e) {
        log.warn("Could not end the stream of turn {}: {}", turnId, e.toString());
      }
      ended = true;
      wake();
    }

    private void add(@Nullable Map<String, Object> event) {
      if (pending.isEmpty()) {
        firstPendingNanos = System.nanoTime();
      }
      pending.add(event);
      if (pending.size() >= BATCH) {
        flush();
      }
    }

    private void closeMerge() {
      if (mergedText != null) {
        pending.set(pending.size() - 1, deltaEvent(mergedText.toString()));
        mergedText = null;
      }
    }

    synchronized void flushIfOlder(long nanos) {
      if (!pending.isEmpty() && firstPendingNanos - nanos <= 0) {
        flush();
      }
    }

    synchronized void flush() {
      if (pending.isEmpty()) {
        return;
      }
      closeMerge();
      List<Object[]> rows = new ArrayList<>(pending.size());
      for (Map<String, Object> event : pending) {
        if (event != null) {
          rows.add(
              new Object[] {session.value(), turnId, ++written, event.get("type"), write(event)});
        }
      }
      pending.clear();
      try {
        insert(rows);
        stored = written;
      } catch (RuntimeException e) {
        // The turn goes on; a reader misses these events (a gap in the ids shows it).
        log.warn(
            "Could not store {} stream events of turn {}: {}", rows.size(), turnId, e.toString());
      }
      wake();
    }

    private void wake() {
      synchronized (news) {
        news.notifyAll();
      }
    }
  }

  /** The key of a turn in this node's maps: its session and its id, never its id alone. */
  static String key(SessionId session, String turnId) {
    return session.value() + "/" + turnId;
  }

  /** A text delta as the stream has always sent it. */
  static Map<String, Object> deltaEvent(String text) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", "content_block:delta");
    event.put("index", 0);
    event.put("text", text);
    event.put("delta", Map.of("type", "text_delta", "text", text));
    return event;
  }
}
