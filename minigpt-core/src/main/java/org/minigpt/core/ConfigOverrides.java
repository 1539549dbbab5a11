package org.minigpt.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.train.TrainOptions;

/** The keys a user may change when a run builds on a saved run: resumed or fine-tuned ({@link SavedRun#samplerKeys} for text). */
final class ConfigOverrides {
    /** The keys of a cluster engine's connection (minigpt-spark's {@code spark.}): a resumed run may move. */
    private static final String CLUSTER_PREFIX = "spark.";

    private ConfigOverrides() {
    }

    /** A resumed run keeps what it has learnt from: only the {@link TrainOptions#RESUMABLE} keys may change. */
    static Map<String, String> resumable(Config user, Config runConfig) {
        Map<String, String> overrides = new TreeMap<>();
        user.asMap().forEach((key, value) -> {
            if (value.equals(runConfig.get(key).orElse(null))) {
                return;
            }
            if (key.startsWith(CLUSTER_PREFIX)) {
                overrides.put(key, value); // where the steps run, not what the run has learnt
                return;
            }
            if (runConfig.get(key).isEmpty()) {
                // The run's config holds every key its plugins read, defaults included: anything else is unknown.
                runConfig.with(key, value).requireKnown(runConfig.asMap().keySet(), known -> false);
            }
            if (!key.startsWith("train.") || !TrainOptions.RESUMABLE.contains(key.substring("train.".length()))) {
                throw new ConfigException("a resumed run cannot change " + key + " (it is " + runConfig.get(key).orElse("unset")
                        + "); it may change train." + String.join(", train.", TrainOptions.RESUMABLE.stream().sorted().toList()));
            }
            overrides.put(key, value);
        });
        return overrides;
    }

    /**
     * The origin's tokenizer and model keys, under the user's model keys: a user key that would change the
     * tokenizer or the model plugin is refused, as is a model key the origin's model does not read.
     */
    static Map<String, String> fineTunable(Config user, Config originConfig, Path origin) {
        Map<String, String> userModelKeys = new TreeMap<>();
        user.asMap().forEach((key, value) -> {
            if ((isTokenizerKey(key) || key.equals(Plugins.MODEL)) && !value.equals(originConfig.get(key).orElse(null))) {
                throw new ConfigException("a fine-tuned run keeps the tokenizer and model of " + origin + ", so it cannot set "
                        + key + "=" + value + " (that run has " + key + "=" + originConfig.get(key).orElse("") + "); leave it out");
            }
            if (key.startsWith(Plugins.MODEL + ".")) {
                userModelKeys.put(key, value);
            }
        });
        // The origin's config holds every key its model read, defaults included.
        Config.of(userModelKeys).requireKnown(originConfig.asMap().keySet(), key -> false);
        Map<String, String> kept = new TreeMap<>();
        originConfig.asMap().forEach((key, value) -> {
            if ((isTokenizerKey(key) || key.equals(Plugins.MODEL) || key.startsWith(Plugins.MODEL + ".")) && user.get(key).isEmpty()) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    static boolean isTokenizerKey(String key) {
        return key.equals(Plugins.TOKENIZER) || key.startsWith(Plugins.TOKENIZER + ".");
    }
}
