package io.amplifier.appapi.configs.api;

/** Why a recipe command was refused. */
public enum RecipeErrorCode {
  /** The document breaks a recipe rule (422, naming the step and field). */
  INVALID,
  /** The owner already has a recipe with that name (409). */
  DUPLICATE_NAME,
  /** No recipe with that id for this caller (404). */
  NOT_FOUND,
  /** If-Match named an earlier revision (412). */
  STALE
}
