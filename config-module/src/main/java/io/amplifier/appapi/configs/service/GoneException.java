package io.amplifier.appapi.configs.service;

/** A config's past secrets whose data key was destroyed with the config: a 410. */
public class GoneException extends RuntimeException {

  public GoneException(String detail) {
    super(detail, null, false, false);
  }
}
