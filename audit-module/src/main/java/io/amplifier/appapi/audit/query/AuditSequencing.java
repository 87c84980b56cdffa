package io.amplifier.appapi.audit.query;

import io.amplifier.appapi.audit.api.AccessRefusedEvent;
import java.util.Locale;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With several segments only one aggregate's events keep their order. An {@link AccessRefusedEvent}
 * is published outside its entity's aggregate but reads the owner that entity's first event
 * recorded, so it goes to the segment of that entity's aggregate: applied after the entity's
 * creation on every node, as a rebuild (one segment, global order) applies it.
 */
@Configuration(proxyBeanMethods = false)
class AuditSequencing {

  @Bean
  ConfigurerModule auditLogSequencing() {
    SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();
    return configurer ->
        configurer.eventProcessing(
            processing ->
                processing.registerSequencingPolicy(
                    AuditLogProjection.NAME,
                    config ->
                        event -> {
                          if (event.getPayload() instanceof AccessRefusedEvent refused) {
                            for (EntityKind kind : EntityKind.values()) {
                              if (kind.wire.equals(refused.entityType().toLowerCase(Locale.ROOT))) {
                                return kind.aggregateId(refused.entityId())
                                    .orElse(refused.entityId());
                              }
                            }
                          }
                          return perAggregate.getSequenceIdentifierFor(event);
                        }));
  }
}
