package org.minigpt.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.sampler.SamplerFactory;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.generate.Generation;

/** The page's sampling dials as a chain of the installed sampler plugins, and generation through it. */
final class Sampling {
    private Sampling() {
    }

    /** Temperature (0: greedy), top-k (0: off) and top-p (1: off), as the page sends them. */
    record Dials(double temperature, int topK, double topP) {
        static Dials from(Map<String, String> query) {
            return new Dials(StudioSettings.number(query, "temperature", 0.8, 0, 5),
                    (int) StudioSettings.whole(query, "top_k", 0, 0, 100_000), StudioSettings.number(query, "top_p", 1, 0.01, 1));
        }

        /**
         * Temperature 0 is greedy; otherwise temperature, then top-k when on, then top-p when on: the chain
         * {@code sampler=temperature,top-k,top-p}, each sampler made by its plugin from its dial's typed value.
         */
        SamplerChain chain(Plugins plugins, Tokenizer tokenizer) {
            List<Sampler> steps = new ArrayList<>();
            if (temperature == 0) {
                steps.add(dial(plugins, tokenizer, "greedy", null));
            } else {
                steps.add(dial(plugins, tokenizer, "temperature", temperature));
                if (topK > 0) {
                    steps.add(dial(plugins, tokenizer, "top-k", topK));
                }
                if (topP < 1) {
                    steps.add(dial(plugins, tokenizer, "top-p", topP));
                }
            }
            return new SamplerChain(steps);
        }

        /** A dial's sampler, its one setting (found through the plugin's descriptor) at the dial's value; none for greedy. */
        private static Sampler dial(Plugins plugins, Tokenizer tokenizer, String name, Number value) {
            SamplerFactory sampler = plugins.samplers().get(name);
            List<Setting<?>> settings = sampler.settings();
            if (settings.size() != (value == null ? 0 : 1)) {
                throw new IllegalStateException("sampler " + name + " has " + settings.size() + " settings, not what its dial sets");
            }
            String section = Plugins.SAMPLER + "." + name;
            return sampler.create(value == null ? PluginConfig.of(section, Map.of()) : PluginConfig.of(section, Map.of(settings.get(0), value)),
                    tokenizer);
        }

        /** The probabilities the chain draws the next token with: greedy's are all on the most likely token. */
        double[] probabilities(Plugins plugins, Tokenizer tokenizer, float[] logits, int[] history) {
            if (temperature == 0) {
                double[] certain = new double[logits.length];
                certain[Logits.argmax(logits)] = 1;
                return certain;
            }
            // These dials draw nothing while they reshape; the generator is only the SPI's argument.
            return Logits.softmax(chain(plugins, tokenizer).reshaped(logits, history, new SplittableRandom(0)));
        }
    }

    /** {@code tokens} tokens after {@code prompt}, as text (prompt included). */
    static String sample(Plugins plugins, LanguageModel model, Tokenizer tokenizer, String prompt, int tokens, Dials dials,
            long seed) {
        try (Decoder decoder = model.decoder()) {
            return new Generation(decoder, tokenizer, dials.chain(plugins, tokenizer))
                    .generate(prompt, tokens, List.of(), new SplittableRandom(seed), piece -> { }).stripTrailing();
        }
    }
}
