package io.amplifier.appapi.configs;

import java.util.List;
import java.util.Map;

/** Recipe documents as the tests outside the recipe routes' own test write them. */
public final class Recipes {

  private Recipes() {}

  /** The smallest valid recipe document named {@code name}: one agent step. */
  public static Map<String, Object> oneStep(String name) {
    return of(name, Map.of("id", "s", "type", "agent", "agent", "a", "prompt", "p"));
  }

  /** A recipe document named {@code name} of one bash step. */
  public static Map<String, Object> oneBashStep(String name) {
    return of(name, Map.of("id", "s", "type", "bash", "command", "make"));
  }

  private static Map<String, Object> of(String name, Map<String, Object> step) {
    return Map.of("name", name, "version", "1.0.0", "description", "d", "steps", List.of(step));
  }
}
