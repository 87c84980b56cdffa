package io.amplifier.appapi.sessions.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one session; stored in the event store as {@code session:} plus the UUID. */
public record SessionId(@JsonValue UUID value) {

  @JsonCreator
  public SessionId {
    Objects.requireNonNull(value, "value");
  }

  public static SessionId random() {
    return new SessionId(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return "session:" + value;
  }
}
