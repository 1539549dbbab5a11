package org.minigpt.studio;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;

/**
 * The page's settings as a minigpt config. The studio's own limits keep a slider from asking for a
 * model this machine cannot build in a moment; the plugins' checks (heads dividing d_model, say)
 * are theirs, applied when the config is used.
 */
final class StudioSettings {
    static final int MAX_PROMPT = 2000;

    private record Limit(String key, double min, double max, boolean integer) {
    }

    private static final String TOKENIZER = "tokenizer";
    private static final Map<String, Limit> MODEL = new LinkedHashMap<>();
    private static final Map<String, Limit> TRAINING = new LinkedHashMap<>();

    static {
        MODEL.put("layers", new Limit("model.layers", 1, 24, true));
        MODEL.put("heads", new Limit("model.heads", 1, 64, true));
        MODEL.put("d_model", new Limit("model.d_model", 8, 1024, true));
        MODEL.put("context_length", new Limit("model.context_length", 4, 1024, true));
        MODEL.put("dropout", new Limit("model.dropout", 0, 0.9, false));
        MODEL.put("vocab_size", new Limit("tokenizer.vocab_size", 257, 8192, true));
        TRAINING.put("steps", new Limit("train.steps", 1, 100_000, true));
        TRAINING.put("batch_size", new Limit("train.batch_size", 1, 256, true));
        TRAINING.put("lr", new Limit("optimizer.lr", 1e-6, 1, false));
    }

    private StudioSettings() {
    }

    /** The model and tokenizer settings of {@code request}; anything else is refused. */
    static Config model(Map<String, String> request) {
        return config(request, MODEL);
    }

    /** The model, tokenizer and training settings of {@code request}. */
    static Config training(Map<String, String> request) {
        Map<String, Limit> limits = new LinkedHashMap<>(MODEL);
        limits.putAll(TRAINING);
        return config(request, limits);
    }

    private static Config config(Map<String, String> request, Map<String, Limit> limits) {
        Map<String, String> config = new LinkedHashMap<>();
        request.forEach((name, value) -> {
            if (name.equals(TOKENIZER)) {
                config.put(Plugins.TOKENIZER, value);
                return;
            }
            Limit limit = limits.get(name);
            if (limit == null) {
                throw new HttpError(400, "unknown setting '" + name + "'; known: " + TOKENIZER + ", " + String.join(", ", limits.keySet()));
            }
            config.put(limit.key(), check(name, value, limit));
        });
        if (!"bpe".equals(config.get(Plugins.TOKENIZER))) {
            config.remove("tokenizer.vocab_size"); // only a BPE has a vocabulary size to choose
        }
        return Config.of(config);
    }

    private static String check(String name, String value, Limit limit) {
        return format(number(name, value, limit.min(), limit.max(), limit.integer()), limit);
    }

    /** A query's prompt (default a line break), 1 to {@value #MAX_PROMPT} characters; else a 400. */
    static String prompt(Map<String, String> query) {
        String prompt = query.getOrDefault("prompt", "\n");
        if (prompt.isEmpty() || prompt.length() > MAX_PROMPT) {
            throw new HttpError(400, "prompt must have 1 to " + MAX_PROMPT + " characters");
        }
        return prompt;
    }

    /** A query's number {@code name} in [min, max], or {@code defaultValue} when it is absent; else a 400. */
    static double number(Map<String, String> query, String name, double defaultValue, double min, double max) {
        String value = query.get(name);
        return value == null ? defaultValue : number(name, value, min, max, false);
    }

    /** A query's whole number {@code name} in [min, max], or {@code defaultValue} when it is absent; else a 400. */
    static long whole(Map<String, String> query, String name, long defaultValue, long min, long max) {
        String value = query.get(name);
        return value == null ? defaultValue : (long) number(name, value, min, max, true);
    }

    /** {@code value} as a number in [{@code min}, {@code max}], or a 400 that names the setting and the range. */
    static double number(String name, String value, double min, double max, boolean integer) {
        double number;
        try {
            number = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, name + " must be a number, was '" + value + "'");
        }
        if (integer && number != Math.rint(number)) {
            throw new HttpError(400, name + " must be a whole number, was " + value);
        }
        if (!(number >= min && number <= max)) {
            throw new HttpError(400, name + " must be between " + format(min, integer) + " and " + format(max, integer)
                    + ", was " + value);
        }
        return number;
    }

    private static String format(double number, Limit limit) {
        return format(number, limit.integer());
    }

    private static String format(double number, boolean integer) {
        return integer ? Long.toString((long) number) : Double.toString(number);
    }
}
