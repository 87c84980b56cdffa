package io.amplifier.appapi.sessions.runtime;

/** One message sent to a provider: {@code role} is {@code user} or {@code assistant}. */
public record ChatMessage(String role, String content) {}
