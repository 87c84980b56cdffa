package io.amplifier.appapi.sessions.api;

/** Why a session command was refused; the HTTP layer maps each to a status. */
public enum SessionErrorCode {
  /** No such session for this caller (404). */
  NOT_FOUND,
  /** The caller may see the session but not do this (403). */
  FORBIDDEN,
  /** The session is not active (409). */
  CLOSED,
  /** A turn is already running (409). */
  TURN_RUNNING,
  /** No turn is running to cancel (404 "Session not found or not active", as the original). */
  NO_TURN_RUNNING,
  /** No such participant (404). */
  NO_PARTICIPANT,
  /** The session already has as many participants as it may (422). */
  TOO_MANY_PARTICIPANTS,
  /** No such pending approval: unknown, or already decided (404). */
  NO_APPROVAL,
  /** The turn waits for no client tool result (409). */
  NOT_WAITING,
  /** A result names a call the turn does not wait for (422, field {@code call_id}). */
  UNKNOWN_CALL
}
