package io.amplifier.appapi.users.api;

import org.axonframework.serialization.Revision;

/** The service saw this user for the first time, acting through {@code appId}. */
@Revision("1")
public record UserFirstSeenEvent(String userId, String appId) implements UserEvent {}
