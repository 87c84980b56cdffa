package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Runs one turn against an LLM provider, streaming deltas, and stops when asked to. */
public interface ChatProvider {

  /**
   * The {@code module} name of a config's provider entry this provider runs, e.g. {@code
   * provider-echo}.
   */
  String module();

  /**
   * Where this provider's calls go when the config names no {@code base_url} (the host an operator
   * key must be bound to), or null for a provider that sends nothing out.
   */
  default @Nullable String defaultBaseUrl() {
    return null;
  }

  /**
   * Sends {@code history} (the whole transcript, the new user message last) and streams the reply.
   *
   * @param settings the provider's {@code config} object, secrets in clear (in memory only)
   * @param onDelta receives each non-empty piece of text as it arrives
   * @param cancelled polled between deltas; when true, stop and return what arrived so far
   * @param stream whether to ask the provider for a streamed answer (else one plain reply)
   */
  TurnResult run(
      List<ChatMessage> history,
      JsonNode settings,
      Consumer<String> onDelta,
      BooleanSupplier cancelled,
      boolean stream);

  /**
   * One round of a tool turn: as {@link #run(List, JsonNode, Consumer, BooleanSupplier, boolean)},
   * with {@code tools} offered to the model. The provider never runs a tool itself: the calls the
   * model asks for come back in {@link TurnResult#toolCalls()} for the turn loop to run. A provider
   * without tool calling ignores {@code tools}. The round must end by {@code deadlineNanos} ({@link
   * System#nanoTime()}), the whole turn's deadline.
   */
  default TurnResult run(
      List<ChatMessage> history,
      List<ToolSpec> tools,
      JsonNode settings,
      Consumer<String> onDelta,
      BooleanSupplier cancelled,
      boolean stream,
      long deadlineNanos) {
    return run(history, settings, onDelta, cancelled, stream);
  }
}
