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
        if (value < min) {
            throw new ConfigException(key + " must be an integer >= " + min + ", was " + value);
        }
        return value;
    }

    /** Fails unless {@code value > 0} and finite. */
    public static double requirePositive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ConfigException(key + " must be a number > 0, was " + value);
        }
        return value;
    }

    /** Fails unless {@code min <= value < max}. */
    public static double requireInHalfOpenRange(String key, double value, double min, double max) {
        if (!(value >= min && value < max)) {
            throw new ConfigException(key + " must be in [" + min + ", " + max + "), was " + value);
        }
        return value;
    }

    /** Fails unless {@code min < value <= max}. */
    public static double requireAboveAndAtMost(String key, double value, double min, double max) {
        if (!(value > min && value <= max)) {
            throw new ConfigException(key + " must be in (" + fmt(min) + ", " + fmt(max) + "], was " + value);
        }
        return value;
    }

    private static String fmt(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
    }

    /** Fails unless {@code min <= value <= max}. */
    public static double requireInClosedRange(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ConfigException(key + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }
}
