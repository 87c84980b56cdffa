package io.amplifier.appapi.audit;

import io.amplifier.appapi.users.api.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericEventMessage;
import org.slf4j.MDC;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Records in the audit log that a caller was refused an entity that exists. */
@Component
public class AccessAudit {

  private final EntityHistory history;
  private final EventGateway events;

  AccessAudit(EntityHistory history, EventGateway events) {
    this.history = history;
    this.events = events;
  }

  /** Appends an {@link AccessRefusedEvent} when entity {@code id} of {@code kind} exists. */
  void refusedIfExists(EntityKind kind, String id, Caller caller) {
    if (history.exists(kind, id)) {
      String route =
          RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
              ? route(servlet.getRequest())
              : "";
      events.publish(
          GenericEventMessage.asEventMessage(
                  new AccessRefusedEvent(
                      kind.wire,
                      kind.aggregateId(id).map(kind::entityId).orElse(id),
                      caller.userId().value(),
                      route))
              .andMetaData(metadataOf(caller)));
    }
  }

  /** The metadata every event carries, for an event the caller's request publishes directly. */
  public static Map<String, Object> metadataOf(Caller caller) {
    Map<String, Object> metadata = new HashMap<>();
    metadata.put(Caller.USER_ID, caller.userId().value());
    metadata.put(Caller.APP_ID, caller.appId());
    metadata.put(Caller.ACTOR, caller.admin() ? Caller.ACTOR_ADMIN : Caller.ACTOR_USER);
    String requestId = MDC.get("requestId");
    metadata.put(Caller.REQUEST_ID, requestId != null ? requestId : "system-" + UUID.randomUUID());
    return metadata;
  }

  private static String route(HttpServletRequest request) {
    return request.getMethod() + " " + request.getRequestURI();
  }
}
