package io.amplifier.appapi.archfixture;

import io.amplifier.appapi.configs.archfixture.ConfigsUsingUsersInternals;

/** Deliberately bad: the application must reach modules through their api only. */
public class AppUsingModuleInternals {
  public ConfigsUsingUsersInternals internal;
}
