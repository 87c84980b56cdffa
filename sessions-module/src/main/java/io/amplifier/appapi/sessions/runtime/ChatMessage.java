package io.amplifier.appapi.sessions.runtime;

/**
 * One message sent to a provider: {@code role} is {@code user}, {@code assistant}, or {@code
 * system} (the client's context for this turn, first).
 */
public record ChatMessage(String role, String content) {}
