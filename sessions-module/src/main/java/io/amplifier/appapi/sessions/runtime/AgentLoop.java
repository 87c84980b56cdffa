package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.sessions.api.RecordSessionToolCallCommand;
import io.amplifier.appapi.sessions.api.SessionApprovalDecidedEvent;
import io.amplifier.appapi.sessions.api.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The agent loop of one turn: asks the provider, and while the model calls tools, runs each call
 * (after the {@link ToolCallGate} allows it), records it as an event, tells the listener ({@code
 * tool:pre}, {@code tool:post}, {@code tool:error}) and sends the results back, until the model
 * answers. More than {@code max_tool_rounds} rounds of calls fail the turn; of one round's calls
 * only the first {@code max_tool_calls_per_round} run, the others are answered to the model as tool
 * errors (neither run nor recorded). The reply is the text of every round (rounds apart by a blank
 * line), as streamed. Where a call waits for a person or the client, the loop stops with its {@link
 * State} ({@link Parked}) and goes on later, on any node, from that state .
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
  private final TurnMeters meters;
  private final TurnUsage usage;

  AgentLoop(
      CommandGateway commands,
      ObjectProvider<ToolCallGate> gates,
      TurnMeters meters,
      TurnUsage usage) {
    this.usage = usage;
    this.commands = commands;
    this.gates = gates;
    this.meters = meters;
  }

  /**
   * Where the loop of a turn stands between two steps: the messages it added to the history (the
   * model's calls, the tools' outputs), the reply and usage so far, the calls made, the rounds of
   * calls asked, and the calls of the current round with the index of the next one. Kept in
   * PostgreSQL while the turn is parked ({@link ParkedTurns}); Jackson writes and reads it.
   */
  static final class State {
    public List<ChatMessage> added = new ArrayList<>();
    public String reply = "";
    public Map<String, Object> usage = new LinkedHashMap<>();
    public int calls;
    public int round;
    public List<ToolCallRequest> roundCalls = new ArrayList<>();
    public int next;
  }

  /** The turn waits ({@code wait}) at {@code state}: park it, its thread goes free. */
  static final class Parked extends RuntimeException {
    private final transient State state;
    private final transient TurnWait wait;

    Parked(State state, TurnWait wait) {
      super("parked", null, false, false);
      this.state = state;
      this.wait = wait;
    }

    State state() {
      return state;
    }

    TurnWait waitFor() {
      return wait;
    }
  }

  /**
   * The answer a parked turn resumes with: a person's {@code decision} on the waiting call (with
   * the recorded decision, told to the listener, when there is one), or the client's {@code
   * result}.
   */
  record Answer(
      ToolCallGate.@Nullable Decision decision,
      @Nullable SessionApprovalDecidedEvent decided,
      @Nullable ToolResult result) {}

  /**
   * Runs {@code turn} to the model's answer over {@code history}, offering {@code tools}, from
   * {@code state} (new, or a parked turn's, with {@code answer} for its waiting call {@code
   * state.next}); throws what the provider throws, a {@link TurnLimitException} past {@code
   * maxRounds}, and {@link Parked} where the turn waits for a person or a client.
   *
   * @param cancelled true once the turn is cancelled or past its deadline: no further call or round
   * @param deadline the turn's deadline ({@link System#nanoTime()}), passed to every round; moved
   *     on here by the time a call waited at the {@link ToolCallGate} without parking
   * @param redact removes resolved credentials from text before it is recorded or shown
   */
  TurnResult drive(
      TurnRunner.PreparedTurn turn,
      List<ChatMessage> history,
      State state,
      @Nullable Answer answer,
      ToolBox tools,
      int maxRounds,
      TurnListener listener,
      BooleanSupplier cancelled,
      boolean stream,
      java.util.concurrent.atomic.AtomicLong deadline,
      java.util.function.UnaryOperator<String> redact) {
    ToolCallGate gate = gates.getIfAvailable(() -> ToolCallGate.ALLOW_ALL);
    List<ChatMessage> messages = new ArrayList<>(history);
    messages.addAll(state.added);
    StringBuilder reply = new StringBuilder(state.reply);
    @Nullable Answer given = answer;
    while (true) {
      for (; state.next < state.roundCalls.size(); state.next++) {
        ToolCallRequest call = state.roundCalls.get(state.next);
        if (state.next >= turn.maxToolCallsPerRound()) {
          ChatMessage refused =
              ChatMessage.tool(
                  call.callId(),
                  call.name(),
                  "Not run: at most "
                      + turn.maxToolCallsPerRound()
                      + " tool calls run per round (max_tool_calls_per_round)");
          messages.add(refused);
          state.added.add(refused);
          continue;
        }
        @Nullable Answer now = given;
        given = null;
        if (now == null && cancelled.getAsBoolean()) {
          return answer(reply, state);
        }
        ToolCallRequest shown =
            new ToolCallRequest(call.callId(), call.name(), redact.apply(call.arguments()));
        ToolResult outcome;
        try {
          if (now != null && now.result() != null) {
            outcome = now.result();
          } else {
            ToolCallGate.Decision decision;
            if (now != null && now.decision() != null) {
              decision = now.decision();
              SessionApprovalDecidedEvent d = now.decided();
              if (d != null) {
                listener.onApprovalDecided(
                    d.approvalId(), bounded(shown), d.allowed(), d.reason(), d.decidedBy());
              }
            } else {
              long asked = System.nanoTime();
              decision = gate.decide(turn, bounded(shown), listener);
              deadline.addAndGet(System.nanoTime() - asked);
            }
            if (decision.allowed()) {
              listener.onToolPre(bounded(shown));
              outcome = tools.call(call);
            } else {
              outcome =
                  ToolResult.failed(
                      "The call was denied"
                          + (decision.reason() == null ? "" : ": " + decision.reason()));
            }
          }
        } catch (TurnWait wait) {
          state.reply = reply.toString();
          throw new Parked(state, wait);
        }
        String output = redact.apply(outcome.output());
        state.calls++;
        commands.sendAndWait(
            TurnRecorder.asActor(
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
        ChatMessage result = ChatMessage.tool(call.callId(), call.name(), output);
        messages.add(result);
        state.added.add(result);
      }
      boolean[] spoke = {false};
      String module = turn.provider().module();
      io.amplifier.appapi.users.api.TokenBudgets.Reservation reserved =
          usage.reserve(turn, messages);
      long called = System.nanoTime();
      boolean failed = true;
      TurnResult result;
      try {
        result =
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
        failed = false;
      } finally {
        meters.providerCall(module, failed, System.nanoTime() - called);
        if (failed) {
          usage.settle(reserved, turn, null);
        }
      }
      usage.settle(reserved, turn, result.usage());
      meters.providerTokens(module, result.usage());
      add(state.usage, result.usage());
      if (result.toolCalls().isEmpty() || cancelled.getAsBoolean()) {
        return answer(reply, state);
      }
      if (state.round >= maxRounds) {
        throw new java.io.UncheckedIOException(TurnLimitException.toolRounds(maxRounds));
      }
      state.round++;
      ChatMessage asked = ChatMessage.assistant(result.content(), result.toolCalls());
      messages.add(asked);
      state.added.add(asked);
      state.roundCalls = new ArrayList<>(result.toolCalls());
      state.next = 0;
    }
  }

  private static TurnResult answer(StringBuilder reply, State state) {
    Map<String, Object> usage = new LinkedHashMap<>(state.usage);
    if (state.calls > 0) {
      usage.put("tool_calls", state.calls);
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
