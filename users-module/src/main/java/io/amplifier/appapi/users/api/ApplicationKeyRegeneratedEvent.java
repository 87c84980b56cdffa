package io.amplifier.appapi.users.api;

import org.axonframework.serialization.Revision;

/** An application's API key was replaced; the old one stopped working with this event. */
@Revision("1")
public record ApplicationKeyRegeneratedEvent(String appId, String keyPrefix, String keyHash)
    implements ApplicationEvent {}
