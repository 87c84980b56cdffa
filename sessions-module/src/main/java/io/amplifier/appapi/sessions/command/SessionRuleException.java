package io.amplifier.appapi.sessions.command;

import io.amplifier.appapi.sessions.api.SessionErrorCode;

/** A session command broke a rule; {@link #code()} says which. */
public class SessionRuleException extends RuntimeException {

  private final SessionErrorCode code;

  SessionRuleException(SessionErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public SessionErrorCode code() {
    return code;
  }
}
