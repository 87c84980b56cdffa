package io.amplifier.appapi.configs.service;

/**
 * A config document breaks a bound at {@link #field()} (e.g. the echo provider's delay): a 400
 * {@code /problems/config-validation} naming it, as every other rule a config breaks.
 */
public class InvalidConfigException extends RuntimeException {

  private final String field;

  public InvalidConfigException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
