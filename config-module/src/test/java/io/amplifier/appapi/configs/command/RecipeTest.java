package io.amplifier.appapi.configs.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amplifier.appapi.configs.api.CreateRecipeCommand;
import io.amplifier.appapi.configs.api.DeleteRecipeCommand;
import io.amplifier.appapi.configs.api.RecipeCreatedEvent;
import io.amplifier.appapi.configs.api.RecipeDeletedEvent;
import io.amplifier.appapi.configs.api.RecipeId;
import io.amplifier.appapi.configs.api.RecipeUpdatedEvent;
import io.amplifier.appapi.configs.api.UpdateRecipeCommand;
import io.amplifier.appapi.testing.ModuleDatabase;
import java.util.Map;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Recipe aggregate's rules: a valid document, one name per owner (the command side's real
 * {@code recipe_names} table in PostgreSQL), revisions for If-Match, owner-only changes.
 */
class RecipeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RecipeId id = new RecipeId(UUID.randomUUID());
  private final String owner = "owner-" + UUID.randomUUID();
  private FixtureConfiguration<Recipe> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Recipe.class);
    fixture.registerInjectableResource(new RecipeNames(ModuleDatabase.migrated("configs")));
  }

  private static ObjectNode recipe(String name) {
    ObjectNode recipe = JSON.createObjectNode().put("name", name);
    recipe
        .putArray("steps")
        .addObject()
        .put("id", "build")
        .put("type", "bash")
        .put("command", "make");
    return recipe;
  }

  private RecipeCreatedEvent created(String name) {
    return new RecipeCreatedEvent(id, owner, name, recipe(name), Map.of("team", "core"));
  }

  @Test
  void shouldCreateAValidRecipe() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateRecipeCommand(id, owner, recipe("deploy"), Map.of("team", "core")))
        .expectEvents(created("deploy"))
        .expectResultMessagePayloadMatching(
            org.axonframework.test.matchers.Matchers.predicate(
                answer ->
                    answer instanceof io.amplifier.appapi.configs.api.RecipeView view
                        && view.name().equals("deploy")
                        && view.version() == 0
                        && view.createdAt().equals(view.updatedAt())));
  }

  @Test
  void shouldRejectARecipeWithoutSteps() {
    fixture
        .givenNoPriorActivity()
        .when(
            new CreateRecipeCommand(
                id, owner, JSON.createObjectNode().put("name", "empty"), Map.of()))
        .expectException(RecipeRuleException.class)
        .expectExceptionMessage(
            "Recipe validation error: recipe_data.steps: must be a non-empty array");
  }

  @Test
  void shouldRejectASecondRecipeOfTheSameNameForOneOwner() {
    new RecipeNames(ModuleDatabase.migrated("configs"))
        .claim(owner, "taken", new RecipeId(UUID.randomUUID()));

    fixture
        .givenNoPriorActivity()
        .when(new CreateRecipeCommand(id, owner, recipe("taken"), Map.of()))
        .expectException(RecipeRuleException.class)
        .expectExceptionMessage("Recipe 'taken' already exists");
  }

  @Test
  void shouldRenameARecipeKeepingItsTagsWhenNoneAreGiven() {
    fixture
        .given(created("deploy"))
        .when(new UpdateRecipeCommand(id, owner, null, null, "ship", null, null, 1))
        .expectEvents(new RecipeUpdatedEvent(id, "ship", recipe("ship"), Map.of("team", "core")))
        .expectResultMessagePayloadMatching(
            org.axonframework.test.matchers.Matchers.predicate(
                answer ->
                    answer instanceof io.amplifier.appapi.configs.api.RecipeView view
                        && view.name().equals("ship")
                        && view.tags().equals(Map.of("team", "core"))
                        && view.version() == 1));
  }

  @Test
  void shouldRejectAnUpdateAgainstAnEarlierRevision() {
    fixture
        .given(created("deploy"), new RecipeUpdatedEvent(id, "deploy", recipe("deploy"), Map.of()))
        .when(new UpdateRecipeCommand(id, owner, null, null, "ship", null, null, 1))
        .expectException(RecipeRuleException.class)
        .expectExceptionMessage(
            "Recipe has changed since revision 1 (now 2); read it again and retry");
  }

  @Test
  void shouldHideTheRecipeFromAnyoneButItsOwner() {
    fixture
        .given(created("deploy"))
        .when(new DeleteRecipeCommand(id, "someone-else"))
        .expectException(RecipeRuleException.class)
        .expectExceptionMessage("Recipe not found");
  }

  @Test
  void shouldDeleteOnceAndThenNotFindIt() {
    fixture
        .given(created("deploy"), new RecipeDeletedEvent(id))
        .when(new DeleteRecipeCommand(id, owner))
        .expectException(RecipeRuleException.class)
        .expectExceptionMessage("Recipe not found");
  }
}
