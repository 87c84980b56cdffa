package io.amplifier.appapi.configs.web;

/** A {@code tags} filter that is not {@code key:value[,key:value…]}. */
class InvalidTagFilterException extends RuntimeException {

  InvalidTagFilterException() {
    super("tags must look like key:value,key2:value2", null, false, false);
  }
}
