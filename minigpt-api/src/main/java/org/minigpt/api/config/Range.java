package org.minigpt.api.config;

/** The values a numeric {@link Setting} allows, and the one message each kind of bound gives. */
public record Range(Kind kind, double min, double max) {
    /** How the bounds apply. */
    public enum Kind { ANY, AT_LEAST, POSITIVE, ABOVE, CLOSED, HALF_OPEN, ABOVE_AND_AT_MOST }

    public static Range any() {
        return new Range(Kind.ANY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** An integer {@code >= min}. */
    public static Range atLeast(int min) {
        return new Range(Kind.AT_LEAST, min, Double.POSITIVE_INFINITY);
    }

    /** A finite number {@code > 0}. */
    public static Range positive() {
        return new Range(Kind.POSITIVE, 0, Double.POSITIVE_INFINITY);
    }

    /** A finite number {@code > min}. */
    public static Range above(double min) {
        return new Range(Kind.ABOVE, min, Double.POSITIVE_INFINITY);
    }

    /** {@code min <= value <= max}. */
    public static Range closed(double min, double max) {
        return new Range(Kind.CLOSED, min, max);
    }

    /** {@code min <= value < max}. */
    public static Range halfOpen(double min, double max) {
        return new Range(Kind.HALF_OPEN, min, max);
    }

    /** {@code min < value <= max}. */
    public static Range aboveAndAtMost(double min, double max) {
        return new Range(Kind.ABOVE_AND_AT_MOST, min, max);
    }

    /** @throws ConfigException naming {@code key} when {@code value} is outside */
    public void require(String key, Number value) {
        require(key, value, null);
    }

    /** As {@link #require(String, Number)}, the message saying {@code why} the bound is what it is. */
    public void require(String key, Number value, String why) {
        double v = value.doubleValue();
        boolean inside = switch (kind) {
            case ANY -> true;
            case AT_LEAST -> v >= min;
            case POSITIVE -> v > 0 && !Double.isInfinite(v);
            case ABOVE -> v > min && !Double.isInfinite(v);
            case CLOSED -> v >= min && v <= max;
            case HALF_OPEN -> v >= min && v < max;
            case ABOVE_AND_AT_MOST -> v > min && v <= max;
        };
        if (!inside) {
            throw new ConfigException(key + " must be " + phrase() + (why == null ? "" : " (" + why + ")") + ", was " + value);
        }
    }

    /** What a value must be, as a message says it. */
    private String phrase() {
        return switch (kind) {
            case ANY -> "any value";
            case AT_LEAST -> "an integer >= " + (long) min;
            case POSITIVE -> "a number > 0";
            case ABOVE -> "a number > " + bound(min);
            case CLOSED -> "in [" + min + ", " + max + "]";
            case HALF_OPEN -> "in [" + min + ", " + max + ")";
            case ABOVE_AND_AT_MOST -> "in (" + bound(min) + ", " + bound(max) + "]";
        };
    }

    /** A bound as a message writes it: a whole number without ".0". */
    private static String bound(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** The range as the docs write it, e.g. {@code [0, 1]}, {@code ≥ 1}, {@code > 0}; empty for any value. */
    public String text() {
        return switch (kind) {
            case ANY -> "";
            case AT_LEAST -> "≥ " + number(min);
            case POSITIVE -> "> 0";
            case ABOVE -> "> " + number(min);
            case CLOSED -> "[" + number(min) + ", " + number(max) + "]";
            case HALF_OPEN -> "[" + number(min) + ", " + number(max) + ")";
            case ABOVE_AND_AT_MOST -> "(" + number(min) + ", " + number(max) + "]";
        };
    }

    static String number(double value) {
        if (value == Double.MAX_VALUE || Double.isInfinite(value)) {
            return "∞";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (Math.abs(value) < 1e-3) { // 1e-8, as a config file would write it
            return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toString().toLowerCase(java.util.Locale.ROOT);
        }
        return Double.toString(value);
    }
}
