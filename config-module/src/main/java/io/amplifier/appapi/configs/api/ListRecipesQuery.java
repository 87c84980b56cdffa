package io.amplifier.appapi.configs.api;

import java.util.Map;

/** Asks for one page of a user's recipes, newest change first, with all of {@code tags}. */
public record ListRecipesQuery(String ownerId, int limit, int offset, Map<String, String> tags) {}
