package org.minigpt.core;

import java.util.ArrayList;
import java.util.List;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.api.model.ParameterCount;
import org.minigpt.api.discovery.Plugins;

/**
 * A model's trainable parameters, per part and in total, counted on the model itself (not by a
 * formula that could drift from it): what {@code minigpt params}, {@code info} and the studio show.
 */
public record ModelSize(String model, int vocabSize, int contextLength, List<ParameterCount> parts) {
    public ModelSize {
        parts = List.copyOf(parts);
    }

    public long total() {
        return parts.stream().mapToLong(ParameterCount::count).sum();
    }

    /**
     * Builds {@code config}'s model for a vocabulary of {@code vocabSize} and counts it. Refuses keys no
     * plugin reads under {@code model.} and the {@code alsoRead} sections.
     *
     * @throws org.minigpt.api.config.ConfigException for a value out of range or an unknown key
     */
    public static ModelSize of(Plugins plugins, Config config, int vocabSize, PluginConfig... alsoRead) {
        ModelFactory models = new Parts(plugins).model(config);
        PluginConfig modelSection = config.section(Plugins.MODEL);
        try (LanguageModel model = models.create(modelSection, vocabSize, 0)) {
            List<PluginConfig> read = new ArrayList<>(List.of(alsoRead));
            read.add(modelSection);
            KnownKeys.require(config, read.toArray(PluginConfig[]::new));
            return of(models.name(), model);
        }
    }

    public static ModelSize of(String modelName, LanguageModel model) {
        return new ModelSize(modelName, model.vocabSize(), model.contextLength(), model.parameterCounts());
    }

    /** The parameter table's lines: a heading, a row per part, then the total. */
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-24s %12s", "part", "parameters"));
        for (ParameterCount count : parts) {
            lines.add(String.format("%-24s %,12d", count.part(), count.count()));
        }
        lines.add(String.format("%-24s %,12d", "total", total()));
        return lines;
    }
}
