package io.amplifier.appapi.sessions.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * What an operator watches of the turns (README, "Operating"; the dashboard under {@code
 * ops/grafana}): {@code amplifier.turns.running}, the turns this node runs now (at most {@code
 * TURN_MAX_CONCURRENT}); {@code amplifier.turns.waiting}, the parked turns of every node, waiting
 * for an approval or a client's tool result (read from {@code session_parked_turns} when scraped);
 * {@code amplifier.provider.calls}, the latency of each call to a provider (one round of a turn),
 * tagged with the provider module and its {@code outcome}; and {@code amplifier.provider.tokens},
 * the tokens providers reported, by module and {@code type} ({@code input}, {@code output}). The
 * provider module is the only tag taken from a config: it names one of this service's providers,
 * never free text (the model name is, so it is not a tag).
 */
@Component
class TurnMeters {

  private final MeterRegistry registry;

  TurnMeters(MeterRegistry registry, TurnThreads threads, ParkedTurns parked) {
    this.registry = registry;
    Gauge.builder("amplifier.turns.running", threads, TurnThreads::running)
        .description("Turns running on this node now (parked turns not counted)")
        .register(registry);
    Gauge.builder("amplifier.turns.waiting", parked, TurnMeters::waiting)
        .description(
            "Parked turns of every node, waiting for an approval or a client's tool result")
        .register(registry);
  }

  private static double waiting(ParkedTurns parked) {
    try {
      return parked.count();
    } catch (DataAccessException e) {
      return Double.NaN;
    }
  }

  /** Records one provider call of {@code module} that took {@code nanos}. */
  void providerCall(String module, boolean failed, long nanos) {
    Timer.builder("amplifier.provider.calls")
        .description("Calls to an LLM provider, one round of a turn each")
        .tag("provider", module)
        .tag("outcome", failed ? "error" : "success")
        .publishPercentileHistogram()
        // a streamed call lasts as long as its reply, up to PROVIDER_TURN_TIMEOUT (10 min)
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  /** Counts the tokens a provider reported in one round's {@code usage}. */
  void providerTokens(String module, Map<String, Object> usage) {
    tokens(module, "input", usage.get("input_tokens"));
    tokens(module, "output", usage.get("output_tokens"));
  }

  private void tokens(String module, String type, @Nullable Object count) {
    if (count instanceof Number n) {
      Counter.builder("amplifier.provider.tokens")
          .description("Tokens LLM providers reported, by provider and type")
          .tag("provider", module)
          .tag("type", type)
          .register(registry)
          .increment(Math.max(0, n.doubleValue()));
    }
  }
}
