package io.amplifier.appapi.users.api;

/** Marker of every fact about an end user. */
public sealed interface UserEvent
    permits UserFirstSeenEvent, UserSeenAgainEvent, UserQuotaSetEvent {

  String userId();
}
