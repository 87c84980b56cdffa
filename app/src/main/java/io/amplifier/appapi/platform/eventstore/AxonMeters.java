package io.amplifier.appapi.platform.eventstore;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.queryhandling.QueryMessage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's message meters (counters, timers, event-processor latency) without its {@code capacity}
 * gauge. Axon's {@code CapacityMonitor} keeps every handled message's duration of the last ten
 * minutes in a skip list per component: at a few hundred requests a second that was over a million
 * entries, the whole 256 MB heap, and a service collecting garbage instead of serving (measured:
 * create-config fell from 283/s to 13/s within five minutes). The counters and timers are Axon's,
 * kept per tag set ({@link MessageMeters}) instead of looked up on every message. Axon's Spring
 * Boot auto-configuration backs off when this bean exists.
 */
@Configuration(proxyBeanMethods = false)
class AxonMeters {

  @Bean
  GlobalMetricRegistry globalMetricRegistry(MeterRegistry registry) {
    return new WithoutCapacity(registry);
  }

  static final class WithoutCapacity extends GlobalMetricRegistry {

    private static final Function<Message<?>, Iterable<Tag>> NO_TAGS = message -> List.of();

    WithoutCapacity(MeterRegistry registry) {
      super(registry);
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(String name) {
      return registerEventProcessor(name, NO_TAGS, NO_TAGS);
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(
        String name,
        Function<Message<?>, Iterable<Tag>> tags,
        Function<Message<?>, Iterable<Tag>> latencyTags) {
      return new MultiMessageMonitor<>(
          List.of(
              new MessageMeters<EventMessage<?>>(name, getRegistry(), tags),
              EventProcessorLatencyMonitor.builder()
                  .meterNamePrefix(name)
                  .meterRegistry(getRegistry())
                  .tagsBuilder(latencyTags)
                  .build()));
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(String name) {
      return handlerMonitor(name, NO_TAGS);
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(
        String name, Function<Message<?>, Iterable<Tag>> tags) {
      return handlerMonitor(name, tags);
    }

    @Override
    public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(String name) {
      return handlerMonitor(name, NO_TAGS);
    }

    @Override
    public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(
        String name, Function<Message<?>, Iterable<Tag>> tags) {
      return handlerMonitor(name, tags);
    }

    private MessageMonitor<Message<?>> handlerMonitor(
        String name, Function<Message<?>, Iterable<Tag>> tags) {
      return new MessageMeters<>(name, getRegistry(), tags);
    }
  }
}
