package io.amplifier.appapi.users.api;

/**
 * The authenticated principal of one request: which user, through which client application, and
 * whether it may manage applications.
 */
public record Caller(UserId userId, String appId, boolean admin) {

  /** The metadata key under which every message carries the acting user. */
  public static final String USER_ID = "userId";

  /** The metadata key under which every message carries the client application. */
  public static final String APP_ID = "appId";

  /** The metadata key under which every message carries the request id. */
  public static final String REQUEST_ID = "requestId";

  /**
   * Principals of the service itself start with this character, which no user id may start with
   * (a JWT whose {@code sub} starts with it is refused), so no user can act as one of them.
   */
  public static final String RESERVED_PREFIX = "#";

  /** The user id of the bootstrap {@code ADMIN_API_KEY} principal. */
  public static final String ADMIN_PRINCIPAL = "#admin";

  /** The user id under which the service's own handlers act. */
  public static final String SYSTEM_PRINCIPAL = "#system";
}
