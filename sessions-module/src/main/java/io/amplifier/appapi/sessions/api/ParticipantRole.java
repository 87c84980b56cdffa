package io.amplifier.appapi.sessions.api;

/** What a participant may do: editors send messages, viewers only read. */
public enum ParticipantRole {
  EDITOR,
  VIEWER
}
