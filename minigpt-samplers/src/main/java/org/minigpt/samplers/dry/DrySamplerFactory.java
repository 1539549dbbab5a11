package org.minigpt.samplers.dry;

import com.google.auto.service.AutoService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.samplers.settings.QuotedList;

/**
 * {@code sampler=dry}: {@code sampler.dry.multiplier} (>= 0, default 0.8), {@code .base} (> 1,
 * default 1.75), {@code .allowed_length} (>= 1, default 2), {@code .breakers} (texts in quotes,
 * default {@code "\n", ":", "\"", "*"}) and {@code .range} (tokens searched, 0: all; default 0).
 */
@AutoService(SamplerFactory.class)
public final class DrySamplerFactory implements SamplerFactory {
    public static final String NAME = "dry";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "DRY: penalises a token that would extend a repeat of earlier text, growing with the repeat's length";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(DrySampler.MULTIPLIER, DrySampler.BASE, DrySampler.ALLOWED_LENGTH, DrySampler.RANGE, DrySampler.BREAKERS);
    }

    /** Without a tokenizer the breakers cannot become ids: there are none. */
    @Override
    public Sampler create(PluginConfig config) {
        return create(config, null);
    }

    @Override
    public Sampler create(PluginConfig config, Tokenizer tokenizer) {
        double multiplier = config.get(DrySampler.MULTIPLIER);
        double base = config.get(DrySampler.BASE);
        int allowedLength = config.get(DrySampler.ALLOWED_LENGTH);
        int range = config.get(DrySampler.RANGE);
        Set<Integer> breakers = new HashSet<>();
        String key = config.key(DrySampler.BREAKERS.name());
        for (QuotedList.Item item : QuotedList.parse(key, config.get(DrySampler.BREAKERS), "\"\\n\",\":\"")) {
            if (item.value() != null) {
                throw new ConfigException(key + " lists texts only, but \"" + item.text() + "\" has ="
                        + item.value());
            }
            if (tokenizer != null) {
                breakers.addAll(tokensOf(item.text(), tokenizer));
            }
        }
        return new DrySampler(multiplier, base, allowedLength, breakers, range);
    }

    /** The ids of a breaker's text; none when the tokenizer cannot write it, as it then never occurs. */
    private static Set<Integer> tokensOf(String text, Tokenizer tokenizer) {
        Set<Integer> ids = new HashSet<>();
        try {
            for (int id : tokenizer.encode(text)) {
                ids.add(id);
            }
        } catch (MinigptException unwritable) {
            // a symbol outside the run's vocabulary cannot appear in its text
        }
        return ids;
    }
}
