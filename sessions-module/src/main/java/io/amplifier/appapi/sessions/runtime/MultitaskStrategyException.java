package io.amplifier.appapi.sessions.runtime;

/** A {@code multitask_strategy} no strategy has (400, naming {@link #field()}). */
public class MultitaskStrategyException extends RuntimeException {

  private final String field;
  private final String reason;

  public MultitaskStrategyException(String field, String reason) {
    super(field + " " + reason, null, false, false);
    this.field = field;
    this.reason = reason;
  }

  public String field() {
    return field;
  }

  /** What is wrong with the field, without its name. */
  public String reason() {
    return reason;
  }
}
