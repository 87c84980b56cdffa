package io.amplifier.appapi.sessions.api;

import org.jspecify.annotations.Nullable;

/**
 * A session's context window as its last turn used it: the {@code tokens} that turn sent, the
 * {@code window} they were fitted to (null before the first turn), and how many {@code compactions}
 * the session has had.
 */
public record SessionContextView(int tokens, @Nullable Integer window, int compactions) {

  /** A session no turn has run in yet. */
  public static SessionContextView none() {
    return new SessionContextView(0, null, 0);
  }
}
