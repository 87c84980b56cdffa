package io.amplifier.appapi.sessions.runtime;

/**
 * A tool offered to the model: its {@code name}, {@code description} and JSON Schema of its input
 * (JSON text).
 */
public record ToolSpec(String name, String description, String inputSchema) {}
