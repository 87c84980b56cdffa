package io.amplifier.appapi.configs.command;

import io.amplifier.appapi.configs.api.RecipeErrorCode;
import io.amplifier.appapi.configs.api.RecipeId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Command-side uniqueness of recipe names per owner: a lookup table written in the command's own
 * transaction, never a read model. Two racing creates of one name serialise on its primary key.
 */
@Component
public class RecipeNames {

  private final JdbcTemplate jdbc;

  RecipeNames(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void claim(String ownerId, String name, RecipeId recipe) {
    int claimed =
        jdbc.update(
            "INSERT INTO recipe_names (owner_id, name, recipe_id) VALUES (?, ?, ?)"
                + " ON CONFLICT (owner_id, name) DO NOTHING",
            ownerId,
            name,
            recipe.value());
    if (claimed == 0) {
      throw new RecipeRuleException(
          RecipeErrorCode.DUPLICATE_NAME,
          "recipe_data.name",
          "Recipe '" + name + "' already exists");
    }
  }

  void release(String ownerId, String name) {
    jdbc.update("DELETE FROM recipe_names WHERE owner_id = ? AND name = ?", ownerId, name);
  }
}
