package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one recipe; its string form is {@code recipe:} plus the UUID, unique in the store. */
public record RecipeId(@JsonValue UUID value) {

  @JsonCreator
  public RecipeId {
    Objects.requireNonNull(value, "value");
  }

  public static RecipeId random() {
    return new RecipeId(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return "recipe:" + value;
  }
}
