package org.minigpt.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.minigpt.api.config.Setting;
import org.minigpt.core.internal.chat.ChatOptions;
import org.minigpt.core.internal.corpus.CorpusOptions;
import org.minigpt.core.internal.rl.RlOptions;
import org.minigpt.core.internal.train.Engines;
import org.minigpt.core.train.TrainOptions;

/** The settings of core's own sections, by section, in the order the docs list them. */
public final class CoreSettings {
    private CoreSettings() {
    }

    public static Map<String, List<Setting<?>>> sections() {
        Map<String, List<Setting<?>>> sections = new LinkedHashMap<>();
        sections.put(TrainOptions.SECTION, TrainOptions.SETTINGS);
        sections.put(CorpusOptions.SECTION, CorpusOptions.SETTINGS);
        sections.put(ChatOptions.SECTION, ChatOptions.SETTINGS);
        sections.put(RlOptions.SECTION, RlOptions.SETTINGS);
        return sections;
    }

    /** The sections of each training engine on the class path ({@code train.engine=NAME}), by engine name. */
    public static Map<String, Map<String, List<Setting<?>>>> engineSections() {
        Map<String, Map<String, List<Setting<?>>>> engines = new TreeMap<>();
        Engines.installed().forEach(engine -> engines.put(engine.name(), engine.settings()));
        return engines;
    }
}
