package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.platform.api.InputPatterns;

/** A {@code tags} filter that is not {@code key:value[,key:value…]}. */
class InvalidTagFilterException extends RuntimeException {

  InvalidTagFilterException() {
    super(InputPatterns.TAG_FILTER_MESSAGE, null, false, false);
  }
}
