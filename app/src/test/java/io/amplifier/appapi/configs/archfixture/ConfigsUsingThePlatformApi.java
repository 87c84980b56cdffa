package io.amplifier.appapi.configs.archfixture;

import io.amplifier.appapi.platform.api.ProjectionCommits;
import io.amplifier.appapi.users.api.Caller;

/** Good: a module using the platform api and another module's api. */
public class ConfigsUsingThePlatformApi {
  public ProjectionCommits commits;
  public Caller caller;
}
