package io.amplifier.appapi.configs.web;

/** A config's past secrets whose data key was destroyed with the config: a 410. */
class GoneException extends RuntimeException {

  GoneException(String detail) {
    super(detail, null, false, false);
  }
}
