package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/** A recipe as the read model holds it. */
public record RecipeView(
    RecipeId recipeId,
    String ownerId,
    String name,
    ObjectNode recipeData,
    Map<String, String> tags,
    Instant createdAt,
    Instant updatedAt,
    long version) {}
