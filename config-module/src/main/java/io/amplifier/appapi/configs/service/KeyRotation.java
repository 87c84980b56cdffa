package io.amplifier.appapi.configs.service;

import io.amplifier.appapi.configs.api.MasterKeysRotatedEvent;
import io.amplifier.appapi.configs.secrets.DataKeyShredder;
import io.amplifier.appapi.users.api.Caller;
import java.util.Map;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.stereotype.Service;

/**
 * Re-wraps every config data key under the current master key, for an admin, and records that it
 * did ({@link MasterKeysRotatedEvent}).
 */
@Service
public class KeyRotation {

  private final DataKeyShredder keys;
  private final EventGateway events;

  KeyRotation(DataKeyShredder keys, EventGateway events) {
    this.keys = keys;
    this.events = events;
  }

  /** The rotation's counts, as the route answers them. */
  public Map<String, Object> rotate(Caller caller) {
    if (!caller.admin()) {
      throw new ForbiddenException("Admin rights required");
    }
    Map<String, Object> rotated = keys.rotate();
    events.publish(new MasterKeysRotatedEvent(rotatedCount(rotated)));
    return rotated;
  }

  private static long rotatedCount(Map<String, Object> rotated) {
    return rotated.get("rewrapped") instanceof Number n ? n.longValue() : 0;
  }
}
