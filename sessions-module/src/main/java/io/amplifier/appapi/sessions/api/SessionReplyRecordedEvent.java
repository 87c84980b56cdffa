package io.amplifier.appapi.sessions.api;

import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * The assistant's reply closed a turn, with the provider's usage; {@code cancelled} marks a partial
 * reply kept when the turn was cancelled.
 */
@Revision("1")
public record SessionReplyRecordedEvent(
    SessionId sessionId,
    String turnId,
    int seq,
    String content,
    Map<String, Object> usage,
    boolean cancelled)
    implements SessionEvent {}
