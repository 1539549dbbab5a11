package org.minigpt.samplers.dry;

import com.google.auto.service.AutoService;
import java.util.HashSet;
import java.util.Set;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
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
    public static final String MULTIPLIER = "multiplier";
    public static final String BASE = "base";
    public static final String ALLOWED_LENGTH = "allowed_length";
    public static final String BREAKERS = "breakers";
    public static final String RANGE = "range";
    public static final String DEFAULT_BREAKERS = "\"\\n\", \":\", \"\\\"\", \"*\"";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "DRY: penalises a token that would extend a repeat of earlier text, growing with the repeat's length";
    }

    /** Without a tokenizer the breakers cannot become ids: there are none. */
    @Override
    public Sampler create(PluginConfig config) {
        return create(config, null);
    }

    @Override
    public Sampler create(PluginConfig config, Tokenizer tokenizer) {
        double multiplier = ConfigException.requireInClosedRange(config.key(MULTIPLIER), config.decimal(MULTIPLIER, 0.8), 0,
                Double.MAX_VALUE);
        double base = config.decimal(BASE, 1.75);
        int allowedLength = ConfigException.requireAtLeast(config.key(ALLOWED_LENGTH), config.integer(ALLOWED_LENGTH, 2), 1);
        int range = ConfigException.requireAtLeast(config.key(RANGE), config.integer(RANGE, 0), 0);
        Set<Integer> breakers = new HashSet<>();
        for (QuotedList.Item item : QuotedList.parse(config.key(BREAKERS), config.string(BREAKERS, DEFAULT_BREAKERS),
                "\"\\n\",\":\"")) {
            if (item.value() != null) {
                throw new ConfigException(config.key(BREAKERS) + " lists texts only, but \"" + item.text() + "\" has ="
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
