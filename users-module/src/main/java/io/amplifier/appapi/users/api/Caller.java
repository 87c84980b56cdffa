package io.amplifier.appapi.users.api;

/**
 * The authenticated principal of one request: which user, through which client application, and
 * whether it may manage applications.
 */
public record Caller(UserId userId, String appId, boolean admin) {

  /**
   * The key of the user another caller names on the wire (a participant, an audit filter), in this
   * caller's user scope: {@code bob} through application {@code a} is {@code a}'s bob.
   */
  public UserId user(String sub) {
    return userId.sibling(sub);
  }

  /** The metadata key under which every message carries the acting user. */
  public static final String USER_ID = "userId";

  /** The metadata key under which every message carries the client application. */
  public static final String APP_ID = "appId";

  /** The metadata key under which every message carries the request id. */
  public static final String REQUEST_ID = "requestId";

  /** The metadata key under which every message carries its actor kind: user, admin or system. */
  public static final String ACTOR = "actor";

  /** The metadata key under which a system message carries the id of the event that caused it. */
  public static final String CAUSATION_ID = "causationId";

  /** Actor kind of an ordinary user acting through an application. */
  public static final String ACTOR_USER = "user";

  /** Actor kind of a caller with admin rights. */
  public static final String ACTOR_ADMIN = "admin";

  /** Actor kind of the service acting on its own (a handler reacting to an event, a timer). */
  public static final String ACTOR_SYSTEM = "system";

  /**
   * Principals of the service itself start with this character, which no user id may start with (a
   * JWT whose {@code sub} starts with it is refused), so no user can act as one of them.
   */
  public static final String RESERVED_PREFIX = "#";

  /** The user id of the bootstrap {@code ADMIN_API_KEY} principal. */
  public static final String ADMIN_PRINCIPAL = "#admin";

  /** The user id under which the service's own handlers act. */
  public static final String SYSTEM_PRINCIPAL = "#system";
}
