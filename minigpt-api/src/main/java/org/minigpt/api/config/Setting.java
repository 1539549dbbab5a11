package org.minigpt.api.config;

import java.util.List;
import java.util.function.BiFunction;

/**
 * One setting a plugin or a core section reads: its name within the section, type, default, the values it
 * allows and a line of help. Reading a value goes through it ({@link PluginConfig#get}), so the name is
 * written once; the unknown-key check, {@code minigpt settings}, the configuration reference and the
 * studio's controls come from the same descriptors.
 */
public final class Setting<T> {
    private final String name;
    private final String type;
    private final T defaultValue;
    private final Range range;
    private final List<String> choices;
    private final String help;
    private final String why;
    private final String defaultNote;
    private final BiFunction<PluginConfig, Setting<T>, T> reader;

    private Setting(String name, String type, T defaultValue, Range range, List<String> choices, String help,
            BiFunction<PluginConfig, Setting<T>, T> reader) {
        this(name, type, defaultValue, range, choices, help, reader, null, null);
    }

    private Setting(String name, String type, T defaultValue, Range range, List<String> choices, String help,
            BiFunction<PluginConfig, Setting<T>, T> reader, String why, String defaultNote) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.range = range;
        this.choices = List.copyOf(choices);
        this.help = help;
        this.reader = reader;
        this.why = why;
        this.defaultNote = defaultNote;
    }

    public static Setting<Double> decimal(String name, double defaultValue, Range range, String help) {
        return new Setting<>(name, "number", defaultValue, range, List.of(), help,
                (config, setting) -> setting.check(config.prefix(), config.decimal(name, defaultValue)));
    }

    public static Setting<Integer> integer(String name, int defaultValue, Range range, String help) {
        return new Setting<>(name, "integer", defaultValue, range, List.of(), help,
                (config, setting) -> setting.check(config.prefix(), config.integer(name, defaultValue)));
    }

    public static Setting<Long> longInteger(String name, long defaultValue, Range range, String help) {
        return new Setting<>(name, "integer", defaultValue, range, List.of(), help,
                (config, setting) -> setting.check(config.prefix(), config.longInteger(name, defaultValue)));
    }

    public static Setting<Boolean> bool(String name, boolean defaultValue, String help) {
        return new Setting<>(name, "true|false", defaultValue, Range.any(), List.of(), help,
                (config, setting) -> config.bool(name, defaultValue));
    }

    /** Free text, which the plugin parses further (a list, say). */
    public static Setting<String> text(String name, String defaultValue, String help) {
        return new Setting<>(name, "text", defaultValue, Range.any(), List.of(), help,
                (config, setting) -> config.string(name, defaultValue));
    }

    /** One of {@code choices}; the value is read as written, and a plugin that checks it says so in its message. */
    public static Setting<String> choice(String name, String defaultValue, List<String> choices, String help) {
        return new Setting<>(name, "choice", defaultValue, Range.any(), choices, help,
                (config, setting) -> config.string(name, defaultValue));
    }

    /** The value in {@code config}, or the default; checked against the range. */
    public T read(PluginConfig config) {
        return reader.apply(config, this);
    }

    /**
     * {@code value} when the range allows it, and when it is one of the choices, if the setting has any.
     *
     * @param section the section the setting is in, for the message (e.g. {@code sampler.top-k})
     */
    public T check(String section, T value) {
        if (value instanceof Number number) {
            range.require(section + "." + name, number, why);
        }
        if (!choices.isEmpty() && !choices.contains(value)) {
            String last = choices.get(choices.size() - 1);
            String allowed = choices.size() == 1 ? last : String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + last;
            throw new ConfigException(section + "." + name + " must be " + allowed + ", was '" + value + "'");
        }
        return value;
    }

    /** This setting, its default described in words (one that depends on other settings or the machine). */
    public Setting<T> defaultDescribed(String note) {
        return new Setting<>(name, type, defaultValue, range, choices, help, reader, why, note);
    }

    /** This setting, its out-of-range message saying {@code why} the bound is what it is. */
    public Setting<T> because(String why) {
        return new Setting<>(name, type, defaultValue, range, choices, help, reader, why, defaultNote);
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The default as a config file writes it. */
    public String defaultText() {
        if (defaultNote != null) {
            return defaultNote;
        }
        return defaultValue instanceof Double number ? Range.number(number) : String.valueOf(defaultValue);
    }

    public Range range() {
        return range;
    }

    public List<String> choices() {
        return choices;
    }

    /** The allowed values as the docs write them: the range, or the choices. */
    public String allowed() {
        return choices.isEmpty() ? range.text() : String.join(", ", choices);
    }

    public String help() {
        return help;
    }

    /** The setting's name: what a message or a key built from it should show. */
    @Override
    public String toString() {
        return name;
    }
}
