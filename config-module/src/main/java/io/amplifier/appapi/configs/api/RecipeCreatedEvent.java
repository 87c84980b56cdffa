package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** A user stored a validated recipe document under a name unique among their recipes. */
@Revision("1")
public record RecipeCreatedEvent(
    RecipeId recipeId, String ownerId, String name, ObjectNode recipeData, Map<String, String> tags)
    implements RecipeEvent {}
