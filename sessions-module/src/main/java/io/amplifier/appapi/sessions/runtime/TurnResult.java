package io.amplifier.appapi.sessions.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a provider answered in one round: the text, its usage figures, and the tools the model asked
 * to call (empty when this is its answer).
 */
public record TurnResult(
    String content, Map<String, Object> usage, List<ToolCallRequest> toolCalls) {

  public TurnResult {
    toolCalls = List.copyOf(toolCalls);
  }

  public TurnResult(String content, Map<String, Object> usage) {
    this(content, usage, List.of());
  }
}
