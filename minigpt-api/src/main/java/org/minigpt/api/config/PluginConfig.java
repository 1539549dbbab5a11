package org.minigpt.api.config;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One plugin's section of the config: its keys without the prefix, read with typed getters.
 *
 * <p>Every value read, given or defaulted, is remembered under its full key, so the run can save the
 * effective configuration. Not thread-safe: a plugin reads its section while it is being created.
 */
public final class PluginConfig {
    private final String prefix;
    private final Map<String, String> values;
    private final SortedMap<String, String> resolved = new TreeMap<>();

    public PluginConfig(String prefix, Map<String, String> values) {
        this.prefix = prefix;
        this.values = Map.copyOf(values);
    }

    /**
     * A section made from typed values, each under its setting's name: how a program sets a plugin up without
     * spelling its keys or writing numbers as text.
     */
    public static PluginConfig of(String prefix, Map<Setting<?>, ?> values) {
        Map<String, String> text = new java.util.HashMap<>();
        values.forEach((setting, value) -> text.put(setting.name(), String.valueOf(value)));
        return new PluginConfig(prefix, text);
    }

    /** The prefix of this section, e.g. {@code model} or {@code sampler.top-k}. */
    public String prefix() {
        return prefix;
    }

    /** The full key of a setting in this section, for messages. */
    public String key(String name) {
        return prefix + "." + name;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String defaultValue) {
        return remember(name, values.getOrDefault(name, defaultValue));
    }

    public int integer(String name, int defaultValue) {
        return parse(name, defaultValue, raw -> Integer.parseInt(raw.replace("_", "")), "an integer");
    }

    public long longInteger(String name, long defaultValue) {
        return parse(name, defaultValue, raw -> Long.parseLong(raw.replace("_", "")), "an integer");
    }

    /** {@code true} or {@code false}, nothing else. */
    public boolean bool(String name, boolean defaultValue) {
        return parse(name, defaultValue, raw -> switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new NumberFormatException(raw);
        }, "true or false");
    }

    public double decimal(String name, double defaultValue) {
        return parse(name, defaultValue, raw -> {
            double value = Double.parseDouble(raw);
            if (Double.isNaN(value)) {
                throw new NumberFormatException("NaN");
            }
            return value;
        }, "a number");
    }

    private <T> T parse(String name, T defaultValue, Function<String, T> parser, String expected) {
        String raw = values.get(name);
        if (raw == null) {
            remember(name, defaultValue.toString());
            return defaultValue;
        }
        try {
            T value = parser.apply(raw);
            remember(name, raw);
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key(name) + " was '" + raw + "' but it must be " + expected);
        }
    }

    /** The value of {@code setting} in this section, or its default, checked against its range. */
    public <T> T get(Setting<T> setting) {
        return setting.read(this);
    }

    /** The values read so far, under their full keys. */
    public SortedMap<String, String> resolved() {
        return Collections.unmodifiableSortedMap(resolved);
    }

    private String remember(String name, String value) {
        resolved.put(key(name), value);
        return value;
    }

    @Override
    public String toString() {
        return prefix + values;
    }
}
