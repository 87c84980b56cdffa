package io.amplifier.appapi.users.api;

/** Asks for every active application, newest first. */
public record ListApplicationsQuery() {}
