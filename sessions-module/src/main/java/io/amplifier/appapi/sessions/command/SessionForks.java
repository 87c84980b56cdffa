package io.amplifier.appapi.sessions.command;

import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionView;
import io.amplifier.appapi.sessions.api.StartSessionCommand;
import io.amplifier.appapi.sessions.api.Transcript;
import io.amplifier.appapi.sessions.api.TranscriptEntry;
import io.amplifier.appapi.sessions.api.TranscriptQuery;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The fork rule: a new session of the requester's, same config, with the source's transcript up to
 * turn {@code afterTurn} (all of it when null), never ending on an unanswered message. The copy
 * travels in one event: at most {@value #MAX_FORK_MESSAGES} messages and {@value #MAX_FORK_CHARS}
 * characters of content, else {@link ForkTooLargeException}.
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
    Transcript transcript =
        queries
            .query(
                new TranscriptQuery(source.sessionId(), 0, 1_000_000, -1),
                ResponseTypes.instanceOf(Transcript.class))
            .join();
    List<TranscriptEntry> copied = new ArrayList<>();
    int turn = 0;
    for (TranscriptEntry e : transcript.entries()) {
      if ("user".equals(e.role())) {
        turn++;
      }
      if (afterTurn != null && turn > afterTurn) {
        break;
      }
      copied.add(e);
    }
    if (!copied.isEmpty() && "user".equals(copied.get(copied.size() - 1).role())) {
      copied.remove(copied.size() - 1);
    }
    requireForkable(copied);
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

  private static void requireForkable(List<TranscriptEntry> copied) {
    long chars = 0;
    for (TranscriptEntry e : copied) {
      chars += e.content() == null ? 0 : e.content().length();
    }
    if (copied.size() > MAX_FORK_MESSAGES || chars > MAX_FORK_CHARS) {
      throw new ForkTooLargeException(
          "would copy "
              + copied.size()
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
