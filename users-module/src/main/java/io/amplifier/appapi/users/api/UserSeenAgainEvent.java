package io.amplifier.appapi.users.api;

import org.axonframework.serialization.Revision;

/**
 * A known user was seen again: recorded at most once per hour per user, or when the application
 * changes, so that last-seen costs no event per request.
 */
@Revision("1")
public record UserSeenAgainEvent(String userId, String appId) implements UserEvent {}
