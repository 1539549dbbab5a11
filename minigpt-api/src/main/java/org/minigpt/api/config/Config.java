package org.minigpt.api.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An immutable set of {@code key=value} settings, as read from a {@code .properties} file and
 * {@code --set} overrides.
 *
 * <p>A plugin is named by a bare key ({@code tokenizer=char}); its settings live under that key as
 * a prefix ({@code tokenizer.vocab_size=512}) and it sees only that {@link #section section}.
 */
public final class Config {
    private final SortedMap<String, String> values;

    private Config(Map<String, String> values) {
        this.values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    public static Config empty() {
        return new Config(Map.of());
    }

    public static Config of(Map<String, String> values) {
        values.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                throw new ConfigException("a config key is empty; keys look like model.layers");
            }
            if (value == null) {
                throw new ConfigException(key + " has no value");
            }
        });
        return new Config(values);
    }

    /** Reads a UTF-8 {@code .properties} file; a byte-order mark (as Windows editors write) and CRLF line ends are fine. */
    public static Config load(Path file) {
        if (Files.isDirectory(file)) {
            throw new ConfigException("config file " + file + " is a directory; pass a .properties file");
        }
        Properties properties = new Properties();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            properties.load(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text));
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (MalformedInputException e) {
            throw new ConfigException("config file " + file + " is not UTF-8 text");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key.trim(), properties.getProperty(key).trim()));
        return of(values);
    }

    /** Parses one {@code key=value} override, as given to {@code --set}. */
    public static Map.Entry<String, String> parseAssignment(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("'" + assignment + "' is not key=value, e.g. --set model.layers=2");
        }
        return Map.entry(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
    }

    /** This config with {@code overrides} laid over it. */
    public Config with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(overrides);
        return of(merged);
    }

    public Config with(String key, String value) {
        return with(Map.of(key, value));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The plugin named by a bare key such as {@code tokenizer}, or {@code defaultName}. */
    public String pluginName(String kind, String defaultName) {
        return get(kind).orElse(defaultName);
    }

    /** The settings under {@code prefix + "."}, with the prefix stripped. */
    public PluginConfig section(String prefix) {
        String dotted = prefix + ".";
        Map<String, String> section = new TreeMap<>();
        values.tailMap(dotted).forEach((key, value) -> {
            if (key.startsWith(dotted)) {
                section.put(key.substring(dotted.length()), value);
            }
        });
        return new PluginConfig(prefix, section);
    }

    public SortedMap<String, String> asMap() {
        return values;
    }

    /** Writes the settings as a sorted UTF-8 {@code .properties} file. */
    public void store(Path file, String comment) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write("# " + comment + System.lineSeparator());
            for (Map.Entry<String, String> entry : values.entrySet()) {
                writer.write(escape(entry.getKey(), true) + "=" + escape(entry.getValue(), false) + System.lineSeparator());
            }
        }
    }

    // Properties.store writes a timestamp and escapes non-ASCII; this keeps the file stable and readable.
    private static String escape(String text, boolean isKey) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                case ' ' -> out.append(isKey || i == 0 ? "\\ " : " ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Fails on the first key (in sorted order) that is not in {@code known} and not {@code ignored},
     * suggesting the nearest known key: a misspelt key must not silently fall back to its default.
     */
    public void requireKnown(Collection<String> known, Predicate<String> ignored) {
        for (String key : values.keySet()) {
            if (!known.contains(key) && !ignored.test(key)) {
                throw new ConfigException("unknown config key " + key + KeySuggestion.nearest(key, known)
                        .map(nearest -> "; did you mean " + nearest + "?").orElse("; minigpt settings lists every key (docs/configuration.md)"));
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Config config && values.equals(config.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
