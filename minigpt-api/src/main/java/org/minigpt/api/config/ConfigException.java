package org.minigpt.api.config;

import org.minigpt.api.MinigptException;

/** A configuration value that is missing, malformed or out of range; the message names the key. */
public final class ConfigException extends MinigptException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /** Fails unless {@code value >= min}. */
    public static int requireAtLeast(String key, int value, int min) {
        Range.atLeast(min).require(key, value);
        return value;
    }

    /** Fails unless {@code value > 0} and finite. */
    public static double requirePositive(String key, double value) {
        Range.positive().require(key, value);
        return value;
    }

    /** Fails unless {@code min <= value < max}. */
    public static double requireInHalfOpenRange(String key, double value, double min, double max) {
        Range.halfOpen(min, max).require(key, value);
        return value;
    }

    /** Fails unless {@code min < value <= max}. */
    public static double requireAboveAndAtMost(String key, double value, double min, double max) {
        Range.aboveAndAtMost(min, max).require(key, value);
        return value;
    }

    /** Fails unless {@code min <= value <= max}. */
    public static double requireInClosedRange(String key, double value, double min, double max) {
        Range.closed(min, max).require(key, value);
        return value;
    }
}
