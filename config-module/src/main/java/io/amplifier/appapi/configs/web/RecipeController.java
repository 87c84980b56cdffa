package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.configs.api.ListRecipesQuery;
import io.amplifier.appapi.configs.api.RecipePage;
import io.amplifier.appapi.configs.api.RecipeView;
import io.amplifier.appapi.configs.service.RecipeService;
import io.amplifier.appapi.users.api.Caller;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** The recipe routes ({@link RecipeApi}): maps HTTP to the {@link RecipeService} and back. */
@RestController
class RecipeController implements RecipeApi {

  static final String NOT_FOUND = RecipeService.NOT_FOUND;

  private final RecipeService recipes;
  private final QueryGateway queries;

  RecipeController(RecipeService recipes, QueryGateway queries) {
    this.recipes = recipes;
    this.queries = queries;
  }

  @Override
  public ResponseEntity<RecipeResponse> create(CreateRecipeRequest request, Caller caller) {
    RecipeView view =
        recipes.create(
            request.recipeData(),
            request.tags(),
            request.name(),
            request.description(),
            request.version(),
            caller);
    return ResponseEntity.created(URI.create("/api/recipes/" + view.recipeId().value()))
        .eTag(etag(view))
        .body(RecipeResponse.of(view, "Recipe created successfully"));
  }

  @Override
  public Map<String, Object> list(int limit, int offset, @Nullable String tags, Caller caller) {
    RecipePage page =
        queries
            .query(
                new ListRecipesQuery(
                    caller.userId().value(), limit, offset, ConfigController.parseTags(tags)),
                ResponseTypes.instanceOf(RecipePage.class))
            .join();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("recipes", page.recipes().stream().map(v -> RecipeResponse.of(v, null)).toList());
    body.put("total", page.total());
    return body;
  }

  @Override
  public ResponseEntity<RecipeResponse> get(
      String recipeId, @Nullable Long version, @Nullable Instant asOf, Caller caller) {
    RecipeView view = recipes.read(recipeId, version, asOf, caller);
    if (version != null || asOf != null) {
      return ResponseEntity.ok()
          .eTag(etag(view))
          .lastModified(view.updatedAt())
          .header("X-As-Of", view.updatedAt().toString())
          .body(RecipeResponse.of(view, null));
    }
    return ResponseEntity.ok().eTag(etag(view)).body(RecipeResponse.of(view, null));
  }

  @Override
  public ResponseEntity<RecipeResponse> update(
      String recipeId, UpdateRecipeRequest request, @Nullable String ifMatch, Caller caller) {
    RecipeView view =
        recipes.update(
            recipeId,
            request.recipeData(),
            request.tags(),
            request.name(),
            request.description(),
            request.version(),
            ifMatch,
            caller);
    return ResponseEntity.ok()
        .eTag(etag(view))
        .body(RecipeResponse.of(view, "Recipe updated successfully"));
  }

  @Override
  public ResponseEntity<Void> delete(String recipeId, Caller caller) {
    recipes.delete(recipeId, caller);
    return ResponseEntity.noContent().build();
  }

  /** The recipe's revision: its last event's sequence number plus one. */
  private static String etag(RecipeView view) {
    return "\"" + (view.version() + 1) + "\"";
  }
}
