package io.amplifier.appapi.configs.secrets;

/** A value that looks encrypted cannot be read for this config; the message names its JSON path. */
public class SecretRejectedException extends RuntimeException {

  SecretRejectedException(String message) {
    super(message, null, false, false);
  }
}
