package io.amplifier.appapi.configs.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one agent config; its string form is the bare UUID, as Axon stores it. */
public record ConfigId(@JsonValue UUID value) {

  @JsonCreator
  public ConfigId {
    Objects.requireNonNull(value, "value");
  }

  public static ConfigId random() {
    return new ConfigId(UUID.randomUUID());
  }

  public static ConfigId parse(String text) {
    return new ConfigId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
