package io.amplifier.appapi.users.api;

import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A client application was registered. The API key is present only as a one-way hash and a short
 * lookup prefix; the key itself never enters the event store.
 */
@Revision("1")
public record ApplicationRegisteredEvent(
    String appId,
    String appName,
    String keyPrefix,
    String keyHash,
    boolean admin,
    Map<String, Object> settings)
    implements ApplicationEvent {}
