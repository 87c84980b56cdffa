package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Runs one turn against an LLM provider, streaming deltas, and stops when asked to. */
public interface ChatProvider {

  /** The {@code module} name of a config's provider entry this provider runs, e.g. {@code provider-echo}. */
  String module();

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
}
