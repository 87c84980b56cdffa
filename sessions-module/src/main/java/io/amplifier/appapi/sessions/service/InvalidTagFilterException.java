package io.amplifier.appapi.sessions.service;

import io.amplifier.appapi.platform.api.InputPatterns;

/** A {@code tags} filter that is not {@code key:value,…}: a 422 naming {@code tags}. */
public class InvalidTagFilterException extends RuntimeException {

  InvalidTagFilterException() {
    super(InputPatterns.TAG_FILTER_MESSAGE, null, false, false);
  }
}
