package org.minigpt.studio;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.plugin.Plugins;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.cli.generate.Generation;

/** The page's sampling controls as a chain of the installed sampler plugins, and generation through it. */
final class Sampling {
    private Sampling() {
    }

    /**
     * Temperature 0 is greedy; otherwise temperature, then top-k when {@code topK > 0}, then top-p when
     * {@code topP < 1}, as {@code sampler=temperature,top-k,top-p} would be.
     */
    static SamplerChain chain(Plugins plugins, double temperature, int topK, double topP) {
        if (temperature == 0) {
            return new SamplerChain(List.of(sampler(plugins, "greedy", Map.of())));
        }
        List<Sampler> steps = new ArrayList<>();
        steps.add(sampler(plugins, "temperature", Map.of("value", Double.toString(temperature))));
        if (topK > 0) {
            steps.add(sampler(plugins, "top-k", Map.of("k", Integer.toString(topK))));
        }
        if (topP < 1) {
            steps.add(sampler(plugins, "top-p", Map.of("p", Double.toString(topP))));
        }
        return new SamplerChain(steps);
    }

    private static Sampler sampler(Plugins plugins, String name, Map<String, String> settings) {
        String prefix = Plugins.SAMPLER + "." + name;
        Map<String, String> keys = new java.util.TreeMap<>();
        settings.forEach((key, value) -> keys.put(prefix + "." + key, value));
        return plugins.samplers().get(name).create(Config.of(keys).section(prefix));
    }

    /** {@code tokens} tokens after {@code prompt}, as text (prompt included). */
    static String sample(Plugins plugins, LanguageModel model, Tokenizer tokenizer, String prompt, int tokens,
            double temperature, int topK, double topP, long seed) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
        new Generation(model, tokenizer, chain(plugins, temperature, topK, topP))
                .generate(prompt, tokens, List.of(), new SplittableRandom(seed), out);
        return text.toString(StandardCharsets.UTF_8).stripTrailing();
    }
}
