package org.minigpt.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minigpt.api.config.Setting;
import org.minigpt.core.chat.ChatOptions;
import org.minigpt.core.corpus.CorpusOptions;
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
        return sections;
    }
}
