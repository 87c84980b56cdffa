package io.amplifier.appapi.sessions.command;

import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.StartSessionCommand;
import io.amplifier.appapi.sessions.api.Transcript;
import io.amplifier.appapi.sessions.api.TranscriptEntry;
import io.amplifier.appapi.sessions.api.TranscriptOutline;
import io.amplifier.appapi.sessions.api.TranscriptOutlineQuery;
import io.amplifier.appapi.sessions.api.TranscriptQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The fork rule: a new session of the requester's, same config, with the source's transcript up to
 * turn {@code afterTurn} (all of it when null), never ending on an unanswered message. The copy
 * travels in one event: at most {@value #MAX_FORK_MESSAGES} messages and {@value #MAX_FORK_CHARS}
 * characters of content, else {@link ForkTooLargeException}; the size is checked on an outline of
 * at most that many entries before any content is loaded. The copied turns get new turn ids (one
 * new id per source turn), so no signal of the fork's turns (cancel, lease, stream) can name one of
 * the source's.
 */
@Component
public class SessionForks {

  static final int MAX_FORK_MESSAGES = 1_000;
  static final int MAX_FORK_CHARS = 4 * 1024 * 1024;

  private final CommandGateway commands;
  private final QueryGateway queries;

  SessionForks(CommandGateway commands, QueryGateway queries) {
    this.commands = commands;
    this.queries = queries;
  }

  /** The fork made: its id and how many messages it copied (its version once started). */
  public record Fork(SessionId sessionId, int copied) {}

  public Fork fork(SessionView source, String requesterId, @Nullable Integer afterTurn) {
    // One more than may be copied, and one more for an unanswered message at the end.
    TranscriptOutline outline =
        queries
            .query(
                new TranscriptOutlineQuery(source.sessionId(), MAX_FORK_MESSAGES + 2),
                ResponseTypes.instanceOf(TranscriptOutline.class))
            .join();
    List<TranscriptOutline.Line> lines = new ArrayList<>();
    int turn = 0;
    for (TranscriptOutline.Line line : outline.lines()) {
      if ("user".equals(line.role())) {
        turn++;
      }
      if (afterTurn != null && turn > afterTurn) {
        break;
      }
      lines.add(line);
    }
    if (!lines.isEmpty() && "user".equals(lines.get(lines.size() - 1).role())) {
      lines.remove(lines.size() - 1);
    }
    requireForkable(lines);
    List<TranscriptEntry> copied = new ArrayList<>(lines.size());
    if (!lines.isEmpty()) {
      Transcript transcript =
          queries
              .query(
                  new TranscriptQuery(source.sessionId(), 0, lines.size(), -1),
                  ResponseTypes.instanceOf(Transcript.class))
              .join();
      Map<String, String> newTurnIds = new HashMap<>();
      for (TranscriptEntry e : transcript.entries()) {
        String turnId = newTurnIds.computeIfAbsent(e.turnId(), old -> UUID.randomUUID().toString());
        copied.add(
            new TranscriptEntry(
                e.seq(),
                e.role(),
                e.content(),
                turnId,
                e.cancelled(),
                e.createdAt(),
                e.context(),
                e.tool()));
      }
    }
    SessionId id = SessionId.random();
    commands.sendAndWait(
        new StartSessionCommand(
            id,
            requesterId,
            source.configId(),
            source.tags(),
            source.metadata(),
            source.sessionId().value().toString(),
            afterTurn,
            copied));
    return new Fork(id, copied.size());
  }

  private static void requireForkable(List<TranscriptOutline.Line> lines) {
    long chars = 0;
    for (TranscriptOutline.Line line : lines) {
      chars += line.chars();
    }
    if (lines.size() > MAX_FORK_MESSAGES || chars > MAX_FORK_CHARS) {
      throw new ForkTooLargeException(
          "would copy "
              + (lines.size() > MAX_FORK_MESSAGES ? "more than " + MAX_FORK_MESSAGES : lines.size())
              + " messages ("
              + chars
              + " characters); at most "
              + MAX_FORK_MESSAGES
              + " messages and "
              + MAX_FORK_CHARS
              + " characters can be forked: fork an earlier turn");
    }
  }
}
