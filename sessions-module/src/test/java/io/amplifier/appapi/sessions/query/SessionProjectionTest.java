package io.amplifier.appapi.sessions.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.sessions.api.FindSessionQuery;
import io.amplifier.appapi.sessions.api.ParticipantRole;
import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionMessageSubmittedEvent;
import io.amplifier.appapi.sessions.api.SessionParticipantSetEvent;
import io.amplifier.appapi.sessions.api.SessionReplyRecordedEvent;
import io.amplifier.appapi.sessions.api.SessionStartedEvent;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.TranscriptEntry;
import io.amplifier.appapi.sessions.api.TranscriptQuery;
import io.amplifier.appapi.testing.ModuleDatabase;
import io.amplifier.appapi.testing.Projector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The session-view projection against the real PostgreSQL: a session, its participants and its
 * transcript as the query handler answers them; redelivery changes nothing and a replay after reset
 * rebuilds both tables identically.
 */
class SessionProjectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc = ModuleDatabase.migrated("sessions");
  private final Projector.Commits commits = new Projector.Commits();

  @Test
  void shouldProjectASessionAndItsTranscriptAndRebuildThemIdentically() {
    SessionId id = SessionId.random();
    Projector projector = new Projector(new SessionViewProjection(jdbc, JSON, commits));
    SessionQueryHandler queries = new SessionQueryHandler(jdbc, JSON, commits);

    projector
        .apply(
            id.toString(),
            new SessionStartedEvent(
                id, "owner", "config-1", Map.of("k", "v"), Map.of("m", 1), null, null))
        .apply(id.toString(), new SessionParticipantSetEvent(id, "bob", ParticipantRole.VIEWER))
        .apply(
            id.toString(),
            new SessionMessageSubmittedEvent(id, "turn-1", 1, 1, "owner", "hello", null))
        .apply(
            id.toString(),
            new SessionReplyRecordedEvent(id, "turn-1", 2, "hi there", Map.of("tokens", 3), false));

    SessionView view = queries.find(new FindSessionQuery(id, "bob", 3)).orElseThrow();
    assertThat(view.participants()).containsEntry("bob", "viewer");
    assertThat(view.messageCount()).as("messages sent by users").isEqualTo(1);
    assertThat(view.turns()).isEqualTo(1);
    assertThat(view.runningTurn()).isNull();
    assertThat(view.tags()).containsEntry("k", "v");
    assertThat(queries.find(new FindSessionQuery(id, "mallory", 3))).isEmpty();
    assertThat(queries.transcript(new TranscriptQuery(id, 0, 10, 3)).entries())
        .extracting(TranscriptEntry::role, TranscriptEntry::content)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("user", "hello"),
            org.assertj.core.groups.Tuple.tuple("assistant", "hi there"));

    projector.assertIdempotentAndReplayable(() -> tables());
  }

  private Map<String, List<Map<String, Object>>> tables() {
    return Map.of(
        "session_view", jdbc.queryForList("SELECT * FROM session_view ORDER BY session_id"),
        "session_messages",
            jdbc.queryForList("SELECT * FROM session_messages ORDER BY session_id, seq"));
  }
}
