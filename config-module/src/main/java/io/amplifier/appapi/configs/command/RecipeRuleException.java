package io.amplifier.appapi.configs.command;

import io.amplifier.appapi.configs.api.RecipeErrorCode;
import org.jspecify.annotations.Nullable;

/** A recipe command broke a rule: {@link #code()} says which, {@link #field()} where. */
public class RecipeRuleException extends RuntimeException {

  private final RecipeErrorCode code;
  private final @Nullable String field;

  RecipeRuleException(RecipeErrorCode code, @Nullable String field, String message) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
  }

  public RecipeErrorCode code() {
    return code;
  }

  public @Nullable String field() {
    return field;
  }
}
