package io.amplifier.appapi.sessions.service;

/** The session's config cannot run turns (no provider, or one this service lacks): a 400. */
public class ConfigNotRunnableException extends RuntimeException {

  public ConfigNotRunnableException(String detail) {
    super(detail, null, false, false);
  }
}
