package io.amplifier.appapi.users.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** The end user a request acts for: the JWT {@code sub}, or {@code dev-user} in dev mode. */
public record UserId(@JsonValue String value) {

  @JsonCreator
  public UserId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value;
  }
}
