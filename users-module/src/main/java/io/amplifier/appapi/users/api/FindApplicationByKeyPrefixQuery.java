package io.amplifier.appapi.users.api;

/** Asks for the applications (deleted ones too) whose key starts with {@code keyPrefix}. */
public record FindApplicationByKeyPrefixQuery(String keyPrefix) {}
