package io.amplifier.appapi.users.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The end user a request acts for, as the service keys it inside: the JWT {@code sub} scoped to the
 * application it came through ({@code #<scope>:<sub>}, see {@link #scoped}), the bare {@code sub}
 * when the operator shares users across every application ({@code USER_SCOPE=global}), or {@code
 * dev-user} and the {@code X-User-ID} header in dev mode. On the wire a user is always the bare
 * {@code sub} ({@link #wire}), as the original answers it.
 */
public record UserId(@JsonValue String value) {

  @JsonCreator
  public UserId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * The user {@code sub} of the applications whose users are {@code scope} (an application id, or
   * the first application of a group the operator linked). A {@code sub} never starts with {@link
   * Caller#RESERVED_PREFIX} and an application id holds no {@code :}, so no two (scope, sub) pairs
   * and no unscoped id share a key.
   */
  public static UserId scoped(String scope, String sub) {
    return new UserId(Caller.RESERVED_PREFIX + scope + ":" + sub);
  }

  /**
   * The scope of a {@link #scoped} id, or null for an unscoped one (dev mode, service principals).
   */
  public @Nullable String scope() {
    int colon = value.indexOf(':');
    return value.startsWith(Caller.RESERVED_PREFIX) && colon > 1 ? value.substring(1, colon) : null;
  }

  /** This user's id as the wire shows it: the {@code sub} alone. */
  public String wire() {
    return wire(value);
  }

  /** The {@code sub} an internal user key stands for ({@code value} itself when unscoped). */
  public static String wire(String value) {
    int colon = value.indexOf(':');
    return value.startsWith(Caller.RESERVED_PREFIX) && colon > 1
        ? value.substring(colon + 1)
        : value;
  }

  /** Nullable {@link #wire(String)}, for views whose owner may be absent. */
  public static @Nullable String wireOrNull(@Nullable String value) {
    return value == null ? null : wire(value);
  }

  /** The user named {@code sub} on the wire, in the same scope as this one. */
  public UserId sibling(String sub) {
    String scope = scope();
    return scope == null ? new UserId(sub) : scoped(scope, sub);
  }

  @Override
  public String toString() {
    return value;
  }
}
