package io.amplifier.appapi.sessions.archfixture;

import io.amplifier.appapi.configs.archfixture.ConfigsUsingUsersInternals;

/** Deliberately bad: sessions may use only the api of configs. */
public class SessionsUsingConfigsInternals {
  public ConfigsUsingUsersInternals internal;
}
