package io.amplifier.appapi.configs.command;

import io.amplifier.appapi.configs.api.ConfigErrorCode;

/** A config command broke a rule; {@link #code()} says which, the message says where. */
public class ConfigRuleException extends RuntimeException {

  private final ConfigErrorCode code;

  public ConfigRuleException(ConfigErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ConfigErrorCode code() {
    return code;
  }
}
