package io.amplifier.appapi.platform.operations;

import io.amplifier.appapi.users.api.Caller;
import org.slf4j.MDC;

/**
 * The fields every log line of a request carries (through the MDC, so plain and JSON logs alike):
 * {@code request_id}, and once the caller is known {@code user_id} and {@code app_id}. Never a key,
 * a token or any other secret.
 */
public final class LogFields {

  public static final String REQUEST_ID = "request_id";
  public static final String USER_ID = "user_id";
  public static final String APP_ID = "app_id";

  private LogFields() {}

  public static void caller(Caller caller) {
    MDC.put(USER_ID, caller.userId().value());
    MDC.put(APP_ID, caller.appId());
  }
}
