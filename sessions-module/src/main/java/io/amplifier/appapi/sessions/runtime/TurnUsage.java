package io.amplifier.appapi.sessions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.amplifier.appapi.sessions.api.RecordSessionUsageCommand;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.TokenBudget;
import io.amplifier.appapi.users.api.TokenBudgets;
import io.amplifier.appapi.users.api.UserId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds every provider call of a turn to the monthly token budgets of the user who started it and
 * the application it came through (ADR 26): {@link #admit} refuses a turn whose budget has nothing
 * left before it opens; {@link #reserve} holds an estimate of the call's tokens (the prompt's
 * characters / 4, plus the config's {@code max_tokens} or {@value #DEFAULT_OUTPUT_RESERVE}) before
 * the provider is called, refusing the call when a budget has nothing left; {@link #settle} counts
 * what the provider reported and records it as a {@code SessionUsageRecordedEvent} of the turn.
 * Refusals are counted in {@code amplifier.usage.refusals}, by budget kind and stage.
 */
@Component
class TurnUsage {

  private static final Logger log = LoggerFactory.getLogger(TurnUsage.class);

  /** Output tokens held for a call whose config sets no {@code max_tokens}. */
  static final int DEFAULT_OUTPUT_RESERVE = 1024;

  /** How long past the turn's timeout a reservation outlives a node that died holding it. */
  private static final Duration HOLD_MARGIN = Duration.ofMinutes(1);

  private final TokenBudgets budgets;
  private final CommandGateway commands;
  private final MeterRegistry registry;
  private final Duration hold;

  TurnUsage(
      TokenBudgets budgets,
      CommandGateway commands,
      MeterRegistry registry,
      ProviderSettings settings) {
    this.budgets = budgets;
    this.commands = commands;
    this.registry = registry;
    this.hold = settings.turnTimeout().plus(HOLD_MARGIN);
  }

  /** Throws {@link TokenBudgetExceededException} when a budget of the turn's actor is used up. */
  void admit(Map<String, Object> actor, String requesterId) {
    budgets
        .exhausted(user(actor, requesterId), app(actor))
        .ifPresent(
            budget -> {
              throw refused(budget, "turn");
            });
  }

  /** Reserves one call's tokens for {@code turn}; throws when a budget refuses. */
  TokenBudgets.Reservation reserve(TurnRunner.PreparedTurn turn, List<ChatMessage> messages) {
    long chars = 0;
    for (ChatMessage message : messages) {
      chars += message.content().length();
    }
    long prompt = (chars + 3) / 4;
    if (turn.provider() instanceof ContextWindow.Sized window) {
      prompt = Math.min(prompt, window.sendBound()); // what the window lets the call send
    }
    long tokens = prompt + outputReserve(turn.settings());
    TokenBudgets.Reservation reservation =
        budgets.reserve(
            user(turn.actor(), turn.session().ownerId()), app(turn.actor()), tokens, hold);
    TokenBudget refusedBy = reservation.refusedBy();
    if (refusedBy != null) {
      throw refused(refusedBy, "call");
    }
    return reservation;
  }

  /**
   * Settles {@code reservation} with the call's reported {@code usage} (null: the call failed, no
   * tokens known) and records it on the turn; never throws.
   */
  void settle(
      TokenBudgets.Reservation reservation,
      TurnRunner.PreparedTurn turn,
      @Nullable Map<String, Object> usage) {
    long input = usage == null ? 0 : count(usage.get("input_tokens"));
    long output = usage == null ? 0 : count(usage.get("output_tokens"));
    try {
      budgets.settle(reservation, input + output);
    } catch (RuntimeException e) {
      log.warn(
          "Could not settle the token reservation of turn {}: {}", turn.turnId(), e.toString());
    }
    if (usage == null) {
      return;
    }
    Object cached = usage.get("cached_tokens");
    Object model = usage.get("model");
    try {
      commands.sendAndWait(
          TurnRecorder.asActor(
              turn,
              new RecordSessionUsageCommand(
                  turn.session().sessionId(),
                  turn.turnId(),
                  reservation.user().value(),
                  reservation.appId(),
                  turn.session().configId(),
                  turn.provider().module(),
                  model == null ? "" : bounded(model.toString()),
                  input,
                  output,
                  cached instanceof Number n ? n.longValue() : null,
                  reservation.tokens())));
    } catch (RuntimeException e) {
      log.warn("Could not record the token usage of turn {}: {}", turn.turnId(), e.toString());
    }
  }

  private TokenBudgetExceededException refused(TokenBudget budget, String stage) {
    Counter.builder("amplifier.usage.refusals")
        .description("Turns and provider calls refused because a token budget was used up")
        .tag("budget", budget.kind())
        .tag("stage", stage)
        .register(registry)
        .increment();
    return new TokenBudgetExceededException(budget);
  }

  private static UserId user(Map<String, Object> actor, String fallback) {
    Object user = actor.get(Caller.USER_ID);
    return new UserId(user == null ? fallback : user.toString());
  }

  private static @Nullable String app(Map<String, Object> actor) {
    Object app = actor.get(Caller.APP_ID);
    return app == null ? null : app.toString();
  }

  private static long outputReserve(JsonNode settings) {
    JsonNode max = settings.path("max_tokens");
    return max.canConvertToInt() && max.asInt() > 0 ? max.asInt() : DEFAULT_OUTPUT_RESERVE;
  }

  private static long count(@Nullable Object value) {
    return value instanceof Number n ? Math.max(0, n.longValue()) : 0;
  }

  private static String bounded(String model) {
    return model.length() <= 200 ? model : model.substring(0, 200);
  }
}
