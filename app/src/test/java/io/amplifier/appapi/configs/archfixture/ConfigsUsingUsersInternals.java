package io.amplifier.appapi.configs.archfixture;

import io.amplifier.appapi.users.archfixture.UsersKnowingConfigs;

/** Deliberately bad: configs may use only users.api, and this closes a cycle. */
public class ConfigsUsingUsersInternals {
  public UsersKnowingConfigs internal;
}
