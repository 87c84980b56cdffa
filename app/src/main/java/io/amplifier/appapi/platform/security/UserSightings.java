package io.amplifier.appapi.platform.security;

import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.RecordUserSeenCommand;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Records users as they are seen, cheaply: a command (and so an event) only on first sight in this
 * process, when the application changes, or once an hour; every other request costs one map read.
 */
@Component
class UserSightings {

  private static final Logger log = LoggerFactory.getLogger(UserSightings.class);
  private static final long INTERVAL_MILLIS = Duration.ofHours(1).toMillis();
  private static final int MAX_TRACKED = 100_000;

  private record Sighting(String appId, long atMillis) {}

  private final Map<String, Sighting> recent = new ConcurrentHashMap<>();
  private final CommandGateway commands;

  UserSightings(@Lazy CommandGateway commands) {
    this.commands = commands;
  }

  void seen(Caller caller) {
    String user = caller.userId().value();
    long now = System.currentTimeMillis();
    Sighting last = recent.get(user);
    if (last != null
        && last.appId().equals(caller.appId())
        && now - last.atMillis() < INTERVAL_MILLIS) {
      return;
    }
    if (recent.size() > MAX_TRACKED) {
      recent.clear();
    }
    recent.put(user, new Sighting(caller.appId(), now));
    commands
        .send(new RecordUserSeenCommand(user, caller.appId()))
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                recent.remove(user);
                log.warn("Could not record that user {} was seen: {}", user, failure.toString());
              }
            });
  }
}
