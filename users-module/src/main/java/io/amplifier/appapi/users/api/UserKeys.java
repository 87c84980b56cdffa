package io.amplifier.appapi.users.api;

/**
 * How the service keys the user {@code sub} who comes through an application, under the operator's
 * user-scope rules ({@code USER_SCOPE}, {@code USER_SHARED_APPS}): what an admin names with an
 * application id and a wire user id.
 */
public interface UserKeys {

  /** The key of user {@code sub} through application {@code appId}. */
  UserId user(String appId, String sub);
}
