package io.amplifier.appapi.users.archfixture;

import io.amplifier.appapi.configs.api.ConfigId;

/** Deliberately bad: users must not know configs. */
public class UsersKnowingConfigs {
  public ConfigId config;
}
