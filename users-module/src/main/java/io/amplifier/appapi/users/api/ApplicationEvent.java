package io.amplifier.appapi.users.api;

/** Marker of every fact about a client application. */
public sealed interface ApplicationEvent
    permits ApplicationRegisteredEvent,
        ApplicationKeyRegeneratedEvent,
        ApplicationDeletedEvent,
        ApplicationQuotaSetEvent {

  String appId();
}
