package io.amplifier.appapi.configs.api;

/** A broken config rule: the JSON path (e.g. {@code $.providers[0].config.model}) and why. */
public record ConfigViolation(String path, String message) {}
