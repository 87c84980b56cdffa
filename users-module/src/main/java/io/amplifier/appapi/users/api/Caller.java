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
}
