package io.amplifier.appapi.configs.api;

import java.util.Map;

/** Asks for one page of a user's configs, newest change first, with all of {@code tags}. */
public record ListConfigsQuery(String ownerId, int limit, int offset, Map<String, String> tags) {}
