package io.amplifier.appapi.configs.api;

/** Why a config command was refused; the HTTP layer maps each to a status. */
public enum ConfigErrorCode {
  /** The document breaks a bundle rule (400 {@code Config validation error: …}). */
  INVALID,
  /** No config with that id for this caller (404). */
  NOT_FOUND,
  /** The If-Match revision is not the current one (412). */
  STALE,
  /** An encrypted value cannot be decrypted for this config (400). */
  UNREADABLE_SECRET
}
