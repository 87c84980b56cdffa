package io.amplifier.appapi.users.api;

import org.axonframework.serialization.Revision;

/** An application was deleted; its key no longer authenticates, its id may be registered again. */
@Revision("1")
public record ApplicationDeletedEvent(String appId) implements ApplicationEvent {}
