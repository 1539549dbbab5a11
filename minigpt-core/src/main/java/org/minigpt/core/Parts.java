package org.minigpt.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.api.optimizer.OptimizerFactory;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.sampler.SamplerFactory;
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
        String chain = config.pluginName(Plugins.SAMPLER, DEFAULT_SAMPLER);
        String[] names = chain.split(",", -1);
        for (int i = 0; i < names.length; i++) {
            String trimmed = names[i].trim();
            if (trimmed.isEmpty()) {
                throw new ConfigException("sampler has an empty name in its chain; write names separated by commas,"
                        + " e.g. sampler=top-k,temperature");
            }
            SamplerFactory factory = plugins.samplers().get(trimmed);
            if (factory.picksOnly() && i < names.length - 1) {
                throw new ConfigException("sampler=" + chain + ": " + trimmed + " only picks the token, so the samplers after"
                        + " it would decide instead; put it last (e.g. sampler=temperature," + trimmed + ") or alone");
            }
            steps.add(factory.create(config.section(Plugins.SAMPLER + "." + trimmed), tokenizer));
        }
        requireKnownSamplerKeys(config, names);
        return new SamplerChain(steps);
    }

    /**
     * A {@code sampler.NAME.KEY} must name an installed sampler and, for one of the chain that describes its settings,
     * one of them: a misspelt key would otherwise leave its sampler at the default without a word. Keys of installed
     * samplers outside the chain pass, so one config file serves several chains.
     */
    private void requireKnownSamplerKeys(Config config, String[] chain) {
        Set<String> inChain = new HashSet<>();
        Set<String> known = new HashSet<>(Set.of(Plugins.SAMPLER));
        for (String name : chain) {
            SamplerFactory factory = plugins.samplers().get(name.trim());
            inChain.add(factory.name());
            factory.settings().forEach(setting -> known.add(Plugins.SAMPLER + "." + factory.name() + "." + setting.name()));
        }
        config.requireKnown(known, key -> {
            if (!key.startsWith(Plugins.SAMPLER + ".")) {
                return true;
            }
            String rest = key.substring(Plugins.SAMPLER.length() + 1);
            String name = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
            boolean installed = plugins.samplers().names().contains(name) && rest.contains(".");
            return installed && (!inChain.contains(name) || plugins.samplers().get(name).settings().isEmpty());
        });
    }
}
