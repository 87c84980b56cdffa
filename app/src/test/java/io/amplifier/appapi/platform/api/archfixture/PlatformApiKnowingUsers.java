package io.amplifier.appapi.platform.api.archfixture;

import io.amplifier.appapi.users.api.Caller;

/** Deliberately bad: the platform api knowing a module. */
public interface PlatformApiKnowingUsers {
  Caller caller();
}
