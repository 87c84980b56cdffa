package io.amplifier.appapi.configs.api;

/**
 * A config as it was at a past revision or instant; {@code deletedSince} says it was deleted later,
 * so its data key (and with it every secret it ever held) is gone.
 */
public record ConfigAsOf(ConfigView view, boolean deletedSince) {}
