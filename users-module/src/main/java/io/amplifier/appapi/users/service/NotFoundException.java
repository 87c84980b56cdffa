package io.amplifier.appapi.users.service;

/** No application with that id: a 404. */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String detail) {
    super(detail, null, false, false);
  }
}
