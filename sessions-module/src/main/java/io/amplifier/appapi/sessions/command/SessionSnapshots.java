package io.amplifier.appapi.sessions.command;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A session is snapshotted every 250 events, so a 10,000-message session loads like a new one. */
@Configuration(proxyBeanMethods = false)
class SessionSnapshots {

  @Bean
  SnapshotTriggerDefinition sessionSnapshotTrigger(Snapshotter snapshotter) {
    return new EventCountSnapshotTriggerDefinition(snapshotter, 250);
  }
}
