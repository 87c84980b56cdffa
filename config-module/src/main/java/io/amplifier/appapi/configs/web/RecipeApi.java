package io.amplifier.appapi.configs.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The recipe routes as HTTP sees them, wire-compatible with the original's {@code /api/recipes/},
 * with their OpenAPI description; {@link RecipeController} maps them to the recipe service.
 */
@RequestMapping({"/api/recipes", "/api/recipes/"})
interface RecipeApi {

  /**
   * Body of create: the recipe document, optional string tags, and (as the original's clients send
   * them) top-level {@code name}, {@code description} and {@code version}, which win over the
   * document's.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CreateRecipeRequest(
      @NotNull ObjectNode recipeData,
      @Nullable Map<String, String> tags,
      @Nullable String name,
      @Nullable String description,
      @Nullable String version) {}

  /** Body of update: a new document, new tags, and/or a new name, description or version. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UpdateRecipeRequest(
      @Nullable ObjectNode recipeData,
      @Nullable Map<String, String> tags,
      @Nullable String name,
      @Nullable String description,
      @Nullable String version) {}

  @Operation(summary = "Create a recipe")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "409", description = "The caller already has a recipe with that name")
  @ApiResponse(
      responseCode = "422",
      description = "The recipe document breaks a rule (the field is named)")
  @PostMapping
  ResponseEntity<RecipeResponse> create(
      @Valid @RequestBody CreateRecipeRequest request, Caller caller);

  @Operation(summary = "List the caller's recipes")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "422", description = "Invalid limit, offset or tags filter")
  @GetMapping
  Map<String, Object> list(
      @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit,
      @RequestParam(defaultValue = "0") @Min(0) int offset,
      @RequestParam(required = false) @Nullable String tags,
      Caller caller);

  @Operation(summary = "Get a recipe")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Recipe not found (or not the caller's)")
  @GetMapping("/{recipeId}")
  ResponseEntity<RecipeResponse> get(
      @PathVariable String recipeId,
      @RequestParam(required = false) @Nullable @Min(0) Long version,
      @RequestParam(name = "as_of", required = false) @Nullable Instant asOf,
      Caller caller);

  @Operation(summary = "Update a recipe (If-Match honoured)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "Recipe not found (or not the caller's)")
  @ApiResponse(responseCode = "409", description = "The caller already has a recipe with that name")
  @ApiResponse(responseCode = "412", description = "If-Match does not name the current revision")
  @ApiResponse(
      responseCode = "422",
      description = "The recipe document breaks a rule (the field is named)")
  @PutMapping("/{recipeId}")
  ResponseEntity<RecipeResponse> update(
      @PathVariable String recipeId,
      @RequestBody UpdateRecipeRequest request,
      @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch,
      Caller caller);

  @Operation(summary = "Delete a recipe")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ApiResponse(responseCode = "404", description = "Recipe not found (or not the caller's)")
  @DeleteMapping("/{recipeId}")
  ResponseEntity<Void> delete(@PathVariable String recipeId, Caller caller);
}
