package org.minigpt.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.plugin.Plugins;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.Parts;
import org.minigpt.core.generate.Generation;

/** The page's sampling controls as a chain of the installed sampler plugins, and generation through it. */
final class Sampling {
    private Sampling() {
    }

    /**
     * Temperature 0 is greedy; otherwise temperature, then top-k when {@code topK > 0}, then top-p when
     * {@code topP < 1}: the config {@code sampler=temperature,top-k,top-p} with those values.
     */
    static SamplerChain chain(Plugins plugins, Tokenizer tokenizer, double temperature, int topK, double topP) {
        Map<String, String> keys = new TreeMap<>();
        if (temperature == 0) {
            keys.put(Plugins.SAMPLER, "greedy");
        } else {
            List<String> names = new ArrayList<>(List.of("temperature"));
            keys.put("sampler.temperature.value", Double.toString(temperature));
            if (topK > 0) {
                names.add("top-k");
                keys.put("sampler.top-k.k", Integer.toString(topK));
            }
            if (topP < 1) {
                names.add("top-p");
                keys.put("sampler.top-p.p", Double.toString(topP));
            }
            keys.put(Plugins.SAMPLER, String.join(",", names));
        }
        return new Parts(plugins).samplerChain(Config.of(keys), tokenizer);
    }

    /** {@code tokens} tokens after {@code prompt}, as text (prompt included). */
    static String sample(Plugins plugins, LanguageModel model, Tokenizer tokenizer, String prompt, int tokens,
            double temperature, int topK, double topP, long seed) {
        return new Generation(model, tokenizer, chain(plugins, tokenizer, temperature, topK, topP))
                .generate(prompt, tokens, List.of(), new SplittableRandom(seed), piece -> { }).stripTrailing();
    }
}
