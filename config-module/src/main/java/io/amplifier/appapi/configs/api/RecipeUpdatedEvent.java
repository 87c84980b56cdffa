package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** A recipe's owner replaced its document and/or tags; the whole new state. */
@Revision("1")
public record RecipeUpdatedEvent(
    RecipeId recipeId, String name, ObjectNode recipeData, Map<String, String> tags)
    implements RecipeEvent {}
