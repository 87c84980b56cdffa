package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.SessionId;
import io.amplifier.appapi.sessions.api.SessionTurnCancelRequestedEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Flags for the turns running on this node. A cancel is an event: this subscribing handler sees it
 * at once when the cancel request reached this node; a turn running here also re-reads its
 * session's events while it streams, which catches a cancel that reached another node. A flag is
 * keyed by session and turn, never by turn id alone: a cancel in one session never stops a turn of
 * another.
 */
@Component
@ProcessingGroup("session-cancel-signals")
class CancelSignals {

  private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

  AtomicBoolean register(SessionId session, String turnId) {
    return running.computeIfAbsent(TurnStreams.key(session, turnId), id -> new AtomicBoolean());
  }

  void unregister(SessionId session, String turnId) {
    running.remove(TurnStreams.key(session, turnId));
  }

  @EventHandler
  void on(SessionTurnCancelRequestedEvent event) {
    AtomicBoolean flag = running.get(TurnStreams.key(event.sessionId(), event.turnId()));
    if (flag != null) {
      flag.set(true);
    }
  }
}
