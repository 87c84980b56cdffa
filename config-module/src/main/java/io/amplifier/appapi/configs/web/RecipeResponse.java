package io.amplifier.appapi.configs.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.RecipeView;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A recipe on the wire. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record RecipeResponse(
    String recipeId,
    String userId,
    String name,
    @Nullable String description,
    @Nullable String version,
    ObjectNode recipeData,
    Map<String, String> tags,
    Instant createdAt,
    Instant updatedAt,
    @Nullable String message) {

  static RecipeResponse of(RecipeView view, @Nullable String message) {
    return new RecipeResponse(
        view.recipeId().value().toString(),
        io.amplifier.appapi.users.api.UserId.wire(view.ownerId()),
        view.name(),
        text(view.recipeData(), "description"),
        text(view.recipeData(), "version"),
        view.recipeData(),
        view.tags(),
        view.createdAt(),
        view.updatedAt(),
        message);
  }

  private static @Nullable String text(ObjectNode data, String field) {
    return data.hasNonNull(field) ? data.get(field).asText() : null;
  }
}
