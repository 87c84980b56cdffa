package io.amplifier.appapi.configs.archfixture;

import io.amplifier.appapi.platform.problems.InputRejectedException;

/** Deliberately bad: a module reaching into the application's own platform package. */
public class ConfigsUsingThePlatform {
  public InputRejectedException refusal;
}
