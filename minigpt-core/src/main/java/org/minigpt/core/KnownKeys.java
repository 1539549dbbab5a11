package org.minigpt.core;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.internal.chat.ChatOptions;
import org.minigpt.core.internal.train.Engines;
import org.minigpt.core.train.TrainOptions;
import org.minigpt.core.train.TrainingEngine;
import org.minigpt.core.internal.rl.RlOptions;
import org.minigpt.core.run.RunDirectory;

/** Refuses config keys that no plugin of the command read: a misspelt key must not fall back to its default. */
public final class KnownKeys {
    private static final String TRAIN = "train";
    private static final String DATA = "data";
    private static final Set<String> TOP_LEVEL = Set.of(Plugins.TOKENIZER, Plugins.MODEL, Plugins.OPTIMIZER, Plugins.SAMPLER, Plugins.REWARD,
            TRAIN, DATA, ChatOptions.SECTION, RlOptions.SECTION);

    private KnownKeys() {
    }

    /**
     * Call once the command has read every section it uses. Keys under those sections must have been
     * read; keys of sections other commands use ({@code sampler.} for generate, say) pass, so one
     * config file serves every command; anything else is unknown.
     */
    public static void require(Config config, PluginConfig... used) {
        Set<String> known = alwaysKnown();
        Set<String> checked = new HashSet<>();
        for (PluginConfig section : used) {
            known.addAll(section.resolved().keySet());
            checked.add(section.prefix());
        }
        List<TrainingEngine> engines = Engines.installed();
        config.requireKnown(known, key -> ofAnotherCommand(key, checked, config, engines));
    }

    /**
     * Before any work: the keys under the {@code described} sections must be settings their descriptors name
     * (a misspelt key is refused with the nearest known one), as {@link #require} checks once they are read.
     */
    public static void requireDescribed(Config config, Map<String, List<Setting<?>>> described) {
        Set<String> known = alwaysKnown();
        described.forEach((prefix, settings) -> settings.forEach(setting -> known.add(prefix + "." + setting.name())));
        List<TrainingEngine> engines = Engines.installed();
        config.requireKnown(known, key -> ofAnotherCommand(key, described.keySet(), config, engines));
    }

    /**
     * Whether {@code key} belongs to a section another command reads: not checked here, so one config serves all.
     * A training engine's sections count as another command's; a run trained by an engine this installation
     * lacks holds that engine's sections, which nothing here reads.
     */
    private static boolean ofAnotherCommand(String key, Set<String> checked, Config config, List<TrainingEngine> engines) {
        String top = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        if (checked.contains(top)) {
            return false;
        }
        if (TOP_LEVEL.contains(top) || engines.stream().anyMatch(engine -> engine.settings().containsKey(top))) {
            return true;
        }
        String engine = config.get(TRAIN + "." + TrainOptions.ENGINE_KEY).orElse(TrainOptions.LOCAL_ENGINE);
        return !engine.equals(TrainOptions.LOCAL_ENGINE) && engines.stream().noneMatch(installed -> installed.name().equals(engine));
    }

    /** The plugin keys and the keys a run writes itself: known to every command. */
    private static Set<String> alwaysKnown() {
        return new HashSet<>(List.of(Plugins.TOKENIZER, Plugins.MODEL, Plugins.OPTIMIZER, Plugins.SAMPLER, RunDirectory.DATA_FILE,
                RunDirectory.DATA_SHA256, Origin.INIT_FROM));
    }
}
