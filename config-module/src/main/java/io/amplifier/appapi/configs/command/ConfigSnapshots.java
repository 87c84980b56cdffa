package io.amplifier.appapi.configs.command;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A config is snapshotted every 100 events. Every {@code GET /configs/{id}?decrypt=true} records a
 * reveal event, so a config that is read with its secrets all day has thousands of events; without
 * snapshots each read folded them all (the load grew with every read before it).
 */
@Configuration(proxyBeanMethods = false)
class ConfigSnapshots {

  @Bean
  SnapshotTriggerDefinition agentConfigSnapshotTrigger(Snapshotter snapshotter) {
    return new EventCountSnapshotTriggerDefinition(snapshotter, 100);
  }
}
