package org.minigpt.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.Setting;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.Parts;
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
         * Temperature 0 is greedy; otherwise temperature, then top-k when on, then top-p when on: the
         * config {@code sampler=temperature,top-k,top-p} with these values.
         */
        SamplerChain chain(Plugins plugins, Tokenizer tokenizer) {
            Map<String, String> keys = new TreeMap<>();
            if (temperature == 0) {
                keys.put(Plugins.SAMPLER, "greedy");
            } else {
                List<String> names = new ArrayList<>(List.of("temperature"));
                dial(plugins, "temperature", temperature, keys);
                if (topK > 0) {
                    names.add("top-k");
                    dial(plugins, "top-k", topK, keys);
                }
                if (topP < 1) {
                    names.add("top-p");
                    dial(plugins, "top-p", topP, keys);
                }
                keys.put(Plugins.SAMPLER, String.join(",", names));
            }
            return new Parts(plugins).samplerChain(Config.of(keys), tokenizer);
        }

        /** A dial sets the one setting of its sampler plugin, found through the plugin's descriptor. */
        private static void dial(Plugins plugins, String sampler, Number value, Map<String, String> keys) {
            List<Setting<?>> settings = plugins.samplers().get(sampler).settings();
            if (settings.size() != 1) {
                throw new IllegalStateException("sampler " + sampler + " has " + settings.size() + " settings, not the one a dial sets");
            }
            keys.put(Plugins.SAMPLER + "." + sampler + "." + settings.get(0).name(), value.toString());
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
        return new Generation(model, tokenizer, dials.chain(plugins, tokenizer))
                .generate(prompt, tokens, List.of(), new SplittableRandom(seed), piece -> { }).stripTrailing();
    }
}
