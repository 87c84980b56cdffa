package io.amplifier.appapi.sessions.runtime;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One message sent to a provider: {@code role} is {@code user}, {@code assistant}, {@code system}
 * (the client's context for this turn, first) or {@code tool} (a tool's output for {@code callId},
 * the model's call {@code name}d). An assistant message may carry the {@code toolCalls} it made.
 */
public record ChatMessage(
    String role,
    String content,
    List<ToolCallRequest> toolCalls,
    @Nullable String callId,
    @Nullable String name) {

  public ChatMessage {
    toolCalls = List.copyOf(toolCalls);
  }

  public ChatMessage(String role, String content) {
    this(role, content, List.of(), null, null);
  }

  /** What the model said in a round where it called tools. */
  public static ChatMessage assistant(String text, List<ToolCallRequest> calls) {
    return new ChatMessage("assistant", text, calls, null, null);
  }

  /** A tool's output (or error text) for the model's call {@code callId}. */
  public static ChatMessage tool(String callId, String name, String output) {
    return new ChatMessage("tool", output, List.of(), callId, name);
  }
}
