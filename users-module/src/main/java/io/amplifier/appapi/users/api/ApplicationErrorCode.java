package io.amplifier.appapi.users.api;

/** Why an application command was refused; the HTTP layer maps each to a status. */
public enum ApplicationErrorCode {
  /** An active application already holds this id (409). */
  ALREADY_EXISTS,
  /** No active application has this id (404). */
  NOT_FOUND
}
