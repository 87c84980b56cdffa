package io.amplifier.appapi.sessions.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.Transcript;
import io.amplifier.appapi.sessions.api.TranscriptEntry;
import io.amplifier.appapi.sessions.api.TranscriptQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The transcript a turn sends to its provider: every user and assistant message of the session
 * before the turn, in order (tool messages of earlier turns left out), then the turn's own message.
 * The session view is inline (ADR 23), so the rows before a turn are all there when it runs: the
 * read asks for the view as of the event before the turn, which holds at the first read, and never
 * waits for the turn's own row; its message is the one the turn was opened with, not read back. A
 * transcript row never changes once written, so each node keeps the history it last read per
 * session (bounded by {@code TRANSCRIPT_CACHE_CHARS}, idle entries dropped after 10 minutes) and
 * reads only the rows written since: a turn in a long session reads what the previous turn added,
 * not the whole transcript. Turns run on other nodes in between are read the same way, since rows
 * are found by their place.
 */
@Component
class ProviderHistory {

  /** Rows read per query; a session not in the cache is read in pages of this many. */
  static final int PAGE = 10_000;

  /** What a cached message weighs beyond its characters (object headers, references). */
  private static final int ENTRY_WEIGHT = 48;

  private final QueryGateway queries;
  private final Cache<SessionId, Read> cache;

  /** The history up to row {@code lastSeq} of a session (the rows of tool messages included). */
  private record Read(int lastSeq, List<ChatMessage> messages, int weight) {}

  ProviderHistory(
      QueryGateway queries, @Value("${TRANSCRIPT_CACHE_CHARS:8000000}") long maxWeight) {
    if (maxWeight < 0) {
      throw new IllegalStateException("TRANSCRIPT_CACHE_CHARS must not be negative");
    }
    this.queries = queries;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maxWeight)
            .<SessionId, Read>weigher((id, read) -> read.weight())
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
  }

  /**
   * The user and assistant messages of {@code turn}'s session before the turn, in order, then the
   * turn's own message. The rows are read once the view holds every event before the turn opened,
   * which an inline view does at the first read; the turn's rows (its message, its tool calls so
   * far) end the read, since no other turn writes while it runs. A turn parked before its message
   * was kept is sent the message its row holds.
   */
  List<ChatMessage> of(TurnRunner.PreparedTurn turn) {
    SessionId session = turn.session().sessionId();
    String turnId = turn.turnId();
    Read known = cache.getIfPresent(session);
    int after = known == null ? 0 : known.lastSeq();
    long weight = known == null ? 0 : known.weight();
    List<ChatMessage> messages = new ArrayList<>(known == null ? List.of() : known.messages());
    @Nullable String own = turn.message();
    boolean reached = false;
    List<TranscriptEntry> page;
    do {
      page =
          queries
              .query(
                  new TranscriptQuery(session, after, PAGE, turn.openedAt() - 1),
                  ResponseTypes.instanceOf(Transcript.class))
              .join()
              .entries();
      for (TranscriptEntry entry : page) {
        if (turnId.equals(entry.turnId())) {
          if (own == null && "user".equals(entry.role())) {
            own = entry.content();
          }
          reached = true;
          break;
        }
        after = entry.seq();
        // earlier turns' tool calls are not sent again: their answers carry what the model learnt
        if (!"tool".equals(entry.role())) {
          messages.add(new ChatMessage(entry.role(), entry.content()));
          weight += entry.content().length() + ENTRY_WEIGHT;
        }
      }
    } while (!reached && page.size() == PAGE);
    List<ChatMessage> before = List.copyOf(messages);
    cache.put(session, new Read(after, before, (int) Math.min(Integer.MAX_VALUE, weight)));
    if (own != null) {
      messages.add(new ChatMessage("user", own));
    }
    return List.copyOf(messages);
  }
}
