package io.amplifier.appapi.sessions.runtime;

/**
 * A tool call the model asked for: its {@code callId}, the tool's {@code name}, {@code arguments}
 * as JSON text.
 */
public record ToolCallRequest(String callId, String name, String arguments) {}
