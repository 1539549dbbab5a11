package org.minigpt.samplers.typical;

import java.util.Comparator;
import java.util.stream.IntStream;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/**
 * Locally typical sampling (Meister et al. 2022, as Hugging Face's {@code typical_p}): ranks the
 * tokens by how far their surprise {@code -ln p} lies from the distribution's entropy, closest
 * first, and keeps the smallest such set whose probabilities sum to at least {@code p}.
 */
public record TypicalPSampler(double p) implements Sampler {
    static final String SECTION = "sampler." + TypicalPSamplerFactory.NAME;
    static final Setting<Double> P = Setting.decimal("p", 0.9, Range.aboveAndAtMost(0, 1),
            "keep the tokens closest to the expected surprise that hold probability p");

    public TypicalPSampler {
        P.check(SECTION, p);
    }

    static TypicalPSampler from(PluginConfig config) {
        return new TypicalPSampler(config.get(P));
    }

    @Override
    public void reshape(float[] logits, int[] history) {
        double[] probabilities = Logits.softmax(logits);
        double entropy = 0;
        for (double probability : probabilities) {
            if (probability > 0) {
                entropy -= probability * Math.log(probability);
            }
        }
        double[] distance = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            distance[i] = probabilities[i] > 0 ? Math.abs(-Math.log(probabilities[i]) - entropy) : Double.POSITIVE_INFINITY;
        }
        int[] typicalFirst = IntStream.range(0, logits.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> distance[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        Logits.keepUntilMass(logits, probabilities, typicalFirst, p);
    }
}
