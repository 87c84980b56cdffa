package io.amplifier.appapi.users.api.archfixture;

import org.axonframework.serialization.Revision;

/** A well-formed event: a revisioned record. */
@Revision("1")
public record GoodThingHappenedEvent(String value) {}
