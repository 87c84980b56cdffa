package io.amplifier.appapi.sessions.api;

import org.axonframework.serialization.Revision;

/**
 * What a turn's first provider call was sent, as the session's context window decided it: {@code
 * tokens} counted ({@code counting} says how: {@code o200k_base}, {@code cl100k_base} or {@code
 * estimate}), the {@code window} it was fitted to, the {@code strategy} applied ({@code none},
 * {@code truncate} or {@code compact}) and how many earlier transcript messages were {@code
 * omitted} from it (the transcript keeps them all).
 */
@Revision("1")
public record SessionContextMeasuredEvent(
    SessionId sessionId,
    String turnId,
    int tokens,
    int window,
    String strategy,
    int omitted,
    String counting)
    implements SessionEvent {}
