package io.amplifier.appapi.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.junit.jupiter.api.Test;

/** {@link MessageMeters} counts and times as Axon's own monitors do, under the same meters. */
class MessageMetersTest {

  private static final java.util.function.Function<Message<?>, Iterable<Tag>> BY_TYPE =
      m -> List.of(Tag.of("payloadType", m.getPayloadType().getSimpleName()));

  @Test
  void shouldRecordWhatAxonsMonitorsRecordUnderTheSameMeters() {
    MeterRegistry ours = new SimpleMeterRegistry();
    MeterRegistry axons = new SimpleMeterRegistry();
    MessageMonitor<Message<?>> meters = new MessageMeters<>("commandBus", ours, BY_TYPE);
    MessageMonitor<Message<?>> axon =
        new MultiMessageMonitor<>(
            List.of(
                MessageTimerMonitor.buildMonitor("commandBus", axons, BY_TYPE),
                MessageCountingMonitor.buildMonitor("commandBus", axons, BY_TYPE)));

    for (MessageMonitor<Message<?>> monitor : List.of(meters, axon)) {
      monitor.onMessageIngested(GenericEventMessage.asEventMessage("a")).reportSuccess();
      monitor.onMessageIngested(GenericEventMessage.asEventMessage("b")).reportSuccess();
      monitor
          .onMessageIngested(GenericEventMessage.asEventMessage("c"))
          .reportFailure(new IllegalStateException());
      monitor.onMessageIngested(GenericEventMessage.asEventMessage(1)).reportIgnored();
    }

    assertThat(summary(ours)).isEqualTo(summary(axons)).isNotEmpty();
    assertThat(ours.counter("commandBus.successCounter", "payloadType", "String").count())
        .isEqualTo(2);
    assertThat(ours.counter("commandBus.processedCounter", "payloadType", "Integer").count())
        .as("an ignored message is not processed")
        .isZero();
    assertThat(ours.timer("commandBus.allTimer", "payloadType", "String").count()).isEqualTo(3);
  }

  /** Every meter's name, tags and counts (times differ between the two runs). */
  private static Set<String> summary(MeterRegistry registry) {
    Set<String> all = new TreeSet<>();
    for (Meter meter : registry.getMeters()) {
      StringBuilder line =
          new StringBuilder(meter.getId().getName()).append(meter.getId().getTags());
      meter
          .measure()
          .forEach(
              m -> {
                if (m.getStatistic() == io.micrometer.core.instrument.Statistic.COUNT) {
                  line.append(' ').append(m.getValue());
                }
              });
      all.add(line.toString());
    }
    return all;
  }
}
