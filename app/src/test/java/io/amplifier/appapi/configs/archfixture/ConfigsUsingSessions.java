package io.amplifier.appapi.configs.archfixture;

import io.amplifier.appapi.sessions.archfixture.SessionsUsingConfigsInternals;

/** Deliberately bad: configs must not know sessions at all. */
public class ConfigsUsingSessions {
  public SessionsUsingConfigsInternals sessions;
}
