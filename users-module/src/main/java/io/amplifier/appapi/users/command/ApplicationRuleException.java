package io.amplifier.appapi.users.command;

import io.amplifier.appapi.users.api.ApplicationErrorCode;

/** An application command broke a rule; {@link #code()} says which. */
public class ApplicationRuleException extends RuntimeException {

  private final ApplicationErrorCode code;

  ApplicationRuleException(ApplicationErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ApplicationErrorCode code() {
    return code;
  }
}
