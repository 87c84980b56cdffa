package io.amplifier.appapi.sessions.command;

/** The {@link Session} aggregate's type, for tests of other packages that configure Axon. */
public final class SessionAccessForTests {

  private SessionAccessForTests() {}

  public static Class<?> type() {
    return Session.class;
  }
}
