package io.amplifier.appapi.audit.web;

import io.amplifier.appapi.audit.api.AccessRefusedEvent;
import io.amplifier.appapi.audit.query.EntityHistory;
import io.amplifier.appapi.audit.query.EntityKind;
import io.amplifier.appapi.users.api.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Records in the audit log that a caller was refused an entity that exists. */
@Component
class AccessAudit {

  private final EntityHistory history;
  private final EventGateway events;

  AccessAudit(EntityHistory history, EventGateway events) {
    this.history = history;
    this.events = events;
  }

  /**
   * Appends an {@link AccessRefusedEvent} when entity {@code id} exists but is not the caller's.
   */
  void refusedIfExists(EntityKind kind, String id, Caller caller) {
    if (history.hiddenFrom(kind, id, caller)) {
      String route =
          RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
              ? route(servlet.getRequest())
              : "";
      events.publish(
          new AccessRefusedEvent(
              kind.wire,
              kind.aggregateId(id).map(kind::entityId).orElse(id),
              caller.userId().value(),
              route));
    }
  }

  private static String route(HttpServletRequest request) {
    return request.getMethod() + " " + request.getRequestURI();
  }
}
