package org.minigpt.core;

import java.util.ArrayList;
import java.util.List;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.api.optimizer.OptimizerFactory;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;

/**
 * The installed plugins a config names, with minigpt's defaults where it names none: the one place
 * a command, the studio or an embedding program looks a part up.
 */
public final class Parts {
    public static final String DEFAULT_TOKENIZER = "char";
    public static final String DEFAULT_MODEL = "gpt";
    public static final String DEFAULT_OPTIMIZER = "adamw";
    public static final String DEFAULT_SAMPLER = "temperature";

    private final Plugins plugins;

    public Parts(Plugins plugins) {
        this.plugins = plugins;
    }

    public Plugins plugins() {
        return plugins;
    }

    /** @throws org.minigpt.api.config.ConfigException naming the installed tokenizers when the config's is unknown */
    public TokenizerFactory tokenizer(Config config) {
        return plugins.tokenizers().get(config.pluginName(Plugins.TOKENIZER, DEFAULT_TOKENIZER));
    }

    public ModelFactory model(Config config) {
        return plugins.models().get(config.pluginName(Plugins.MODEL, DEFAULT_MODEL));
    }

    public OptimizerFactory optimizer(Config config) {
        return plugins.optimizers().get(config.pluginName(Plugins.OPTIMIZER, DEFAULT_OPTIMIZER));
    }

    /**
     * {@code sampler=a,b,c}: each named sampler, configured from {@code sampler.<name>.}, in that order,
     * for text of {@code tokenizer} (which turns settings given as text into token ids).
     */
    public SamplerChain samplerChain(Config config, Tokenizer tokenizer) {
        List<Sampler> steps = new ArrayList<>();
        for (String name : config.pluginName(Plugins.SAMPLER, DEFAULT_SAMPLER).split(",", -1)) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                throw new ConfigException("sampler has an empty name in its chain; write names separated by commas,"
                        + " e.g. sampler=top-k,temperature");
            }
            steps.add(plugins.samplers().get(trimmed).create(config.section(Plugins.SAMPLER + "." + trimmed), tokenizer));
        }
        return new SamplerChain(steps);
    }
}
