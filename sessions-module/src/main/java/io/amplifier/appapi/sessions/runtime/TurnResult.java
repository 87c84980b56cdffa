package io.amplifier.appapi.sessions.runtime;

import java.util.Map;

/** What a provider answered: the full text and its usage figures. */
public record TurnResult(String content, Map<String, Object> usage) {}
