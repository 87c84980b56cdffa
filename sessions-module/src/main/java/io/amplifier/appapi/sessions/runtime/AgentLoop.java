package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.sessions.api.RecordSessionToolCallCommand;
import io.amplifier.appapi.sessions.api.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The agent loop of one turn: asks the provider, and while the model calls tools, runs each call
 * (after the {@link ToolCallGate} allows it), records it as an event, tells the listener ({@code
 * tool:pre}, {@code tool:post}, {@code tool:error}) and sends the results back, until the model
 * answers. More than {@code max_tool_rounds} rounds of calls fail the turn; of one round's calls
 * only the first {@code max_tool_calls_per_round} run, the others are answered to the model as
 * tool errors (neither run nor recorded). The reply is the text of every round (rounds apart by a
 * blank line), as streamed.
 */
@Component
public class AgentLoop {

  /** Tool rounds per turn when the config does not say ({@code max_tool_rounds}). */
  public static final int DEFAULT_MAX_TOOL_ROUNDS = 20;

  /** The most a config may allow. */
  public static final int MAX_TOOL_ROUNDS = 100;

  /** Calls run per round when the config does not say ({@code max_tool_calls_per_round}). */
  public static final int DEFAULT_MAX_TOOL_CALLS_PER_ROUND = 32;

  /** The most calls per round a config may allow. */
  public static final int MAX_TOOL_CALLS_PER_ROUND = 256;

  static final String ROUND_BREAK = "\n\n";

  private final CommandGateway commands;
  private final ObjectProvider<ToolCallGate> gates;

  AgentLoop(CommandGateway commands, ObjectProvider<ToolCallGate> gates) {
    this.commands = commands;
    this.gates = gates;
  }

  /**
   * Runs {@code turn} to the model's answer over {@code history}, offering {@code tools}; throws
   * what the provider throws, and a {@link TurnLimitException} past {@code maxRounds}.
   *
   * @param cancelled true once the turn is cancelled or past its deadline: no further call or round
   * @param deadline the turn's deadline ({@link System#nanoTime()}), passed to every round; moved
   *     on here by the time a call waited at the {@link ToolCallGate} (a person's approval, which
   *     has its own limit)
   * @param redact removes resolved credentials from text before it is recorded or shown
   */
  TurnResult run(
      TurnRunner.PreparedTurn turn,
      List<ChatMessage> history,
      ToolBox tools,
      int maxRounds,
      TurnListener listener,
      BooleanSupplier cancelled,
      boolean stream,
      java.util.concurrent.atomic.AtomicLong deadline,
      java.util.function.UnaryOperator<String> redact) {
    ToolCallGate gate = gates.getIfAvailable(() -> ToolCallGate.ALLOW_ALL);
    List<ChatMessage> messages = new ArrayList<>(history);
    StringBuilder reply = new StringBuilder();
    Map<String, Object> usage = new LinkedHashMap<>();
    int calls = 0;
    for (int round = 0; ; round++) {
      boolean[] spoke = {false};
      TurnResult result =
          turn.provider()
              .run(
                  messages,
                  tools.tools(),
                  turn.settings(),
                  delta -> {
                    if (!spoke[0] && !reply.isEmpty() && !delta.isEmpty()) {
                      reply.append(ROUND_BREAK);
                      listener.onDelta(ROUND_BREAK);
                    }
                    spoke[0] |= !delta.isEmpty();
                    reply.append(delta);
                    listener.onDelta(delta);
                  },
                  cancelled,
                  stream,
                  deadline.get());
      add(usage, result.usage());
      if (result.toolCalls().isEmpty() || cancelled.getAsBoolean()) {
        return answer(reply, usage, calls);
      }
      if (round >= maxRounds) {
        throw new java.io.UncheckedIOException(TurnLimitException.toolRounds(maxRounds));
      }
      messages.add(ChatMessage.assistant(result.content(), result.toolCalls()));
      int inRound = 0;
      for (ToolCallRequest call : result.toolCalls()) {
        if (inRound++ >= turn.maxToolCallsPerRound()) {
          messages.add(
              ChatMessage.tool(
                  call.callId(),
                  call.name(),
                  "Not run: at most "
                      + turn.maxToolCallsPerRound()
                      + " tool calls run per round (max_tool_calls_per_round)"));
          continue;
        }
        if (cancelled.getAsBoolean()) {
          return answer(reply, usage, calls);
        }
        ToolCallRequest shown =
            new ToolCallRequest(call.callId(), call.name(), redact.apply(call.arguments()));
        ToolResult outcome;
        long asked = System.nanoTime();
        ToolCallGate.Decision decision = gate.decide(turn, bounded(shown), listener);
        deadline.addAndGet(System.nanoTime() - asked);
        if (decision.allowed()) {
          listener.onToolPre(bounded(shown));
          outcome = tools.call(call);
        } else {
          outcome =
              ToolResult.failed(
                  "The call was denied"
                      + (decision.reason() == null ? "" : ": " + decision.reason()));
        }
        String output = redact.apply(outcome.output());
        calls++;
        commands.sendAndWait(
            TurnRunner.asActor(
                turn,
                new RecordSessionToolCallCommand(
                    turn.session().sessionId(),
                    turn.turnId(),
                    new ToolCall(
                        call.callId(), call.name(), shown.arguments(), output, outcome.error()))));
        ToolCall recorded =
            new ToolCall(call.callId(), call.name(), "", output, outcome.error()).bounded();
        if (outcome.error()) {
          listener.onToolError(bounded(shown), recorded.output());
        } else {
          listener.onToolPost(bounded(shown), recorded.output());
        }
        messages.add(ChatMessage.tool(call.callId(), call.name(), output));
      }
    }
  }

  private static TurnResult answer(StringBuilder reply, Map<String, Object> usage, int calls) {
    if (calls > 0) {
      usage.put("tool_calls", calls);
    }
    return new TurnResult(reply.toString(), usage);
  }

  /** The config's {@code max_tool_rounds}, or the default. */
  static int maxRounds(JsonNode configData) {
    JsonNode rounds = configData.path("max_tool_rounds");
    return rounds.canConvertToInt() && rounds.isIntegralNumber()
        ? rounds.asInt()
        : DEFAULT_MAX_TOOL_ROUNDS;
  }

  /** The config's {@code max_tool_calls_per_round}, or the default. */
  static int maxCallsPerRound(JsonNode configData) {
    JsonNode calls = configData.path("max_tool_calls_per_round");
    return calls.canConvertToInt() && calls.isIntegralNumber()
        ? calls.asInt()
        : DEFAULT_MAX_TOOL_CALLS_PER_ROUND;
  }

  private static ToolCallRequest bounded(ToolCallRequest call) {
    ToolCall cut = new ToolCall(call.callId(), call.name(), call.arguments(), "", false).bounded();
    return new ToolCallRequest(cut.callId(), cut.name(), cut.arguments());
  }

  /** Adds one round's token counts to the turn's; the model name is kept as it is. */
  private static void add(Map<String, Object> total, Map<String, Object> round) {
    round.forEach(
        (key, value) -> {
          if (value instanceof Number n && total.get(key) instanceof Number before) {
            total.put(key, before.longValue() + n.longValue());
          } else {
            total.put(key, value);
          }
        });
  }
}
