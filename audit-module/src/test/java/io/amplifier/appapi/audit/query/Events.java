package io.amplifier.appapi.audit.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.api.ConfigUpdatedEvent;
import io.amplifier.appapi.users.api.Caller;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events and caller metadata of the other modules, as the audit module reads them. */
final class Events {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Events() {}

  static Map<String, Object> by(String user, String requestId) {
    return Map.of(
        Caller.USER_ID, user, Caller.REQUEST_ID, requestId, Caller.ACTOR, Caller.ACTOR_USER);
  }

  static Map<String, Object> byAdmin() {
    return Map.of(Caller.USER_ID, Caller.ADMIN_PRINCIPAL, Caller.ACTOR, Caller.ACTOR_ADMIN);
  }

  static ObjectNode data(String apiKey) {
    return JSON.valueToTree(
        Map.of(
            "bundle",
            Map.of("name", "b"),
            "providers",
            List.of(Map.of("module", "provider-echo", "config", Map.of("api_key", apiKey)))));
  }

  static ConfigId configId() {
    return new ConfigId(UUID.randomUUID());
  }

  static ConfigCreatedEvent created(ConfigId id, String owner, String name, String apiKey) {
    return new ConfigCreatedEvent(id, owner, name, null, data(apiKey), Map.of());
  }

  static ConfigUpdatedEvent renamed(
      ConfigId id, int revision, String name, String apiKey, List<String> changed) {
    return new ConfigUpdatedEvent(id, revision, name, null, data(apiKey), Map.of(), changed);
  }
}
