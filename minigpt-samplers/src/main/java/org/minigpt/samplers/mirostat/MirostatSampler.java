package org.minigpt.samplers.mirostat;

import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/**
 * Mirostat 2.0 (Basu et al. 2021, as llama.cpp's {@code mirostat_v2}): keeps the surprise of the
 * text near a target {@code tau} bits per token. Each step drops the tokens whose surprise
 * {@code -log2 p} exceeds a bound {@code mu} (keeping at least the most likely one); once the
 * token is chosen, {@code mu} moves by {@code eta} times the gap between its surprise under the
 * kept tokens' distribution and {@code tau}. {@code mu} starts at {@code 2 tau}.
 *
 * <p>{@code mu} is state across tokens: {@link #start} gives each text a fresh {@link Run} holding
 * it, and that run reads the chosen token from the history at its next step.
 */
public record MirostatSampler(double tau, double eta) implements Sampler {
    static final String SECTION = "sampler." + MirostatSamplerFactory.NAME;
    /** Bits per token; a character model's text runs at about 2.3, so llama.cpp's 5.0 (for word pieces) would never truncate. */
    static final Setting<Double> TAU = Setting.decimal("tau", 3.0, Range.positive(), "the surprise to keep to, in bits a token");
    static final Setting<Double> ETA = Setting.decimal("eta", 0.1, Range.aboveAndAtMost(0, 1),
            "how fast the bound follows the surprise seen");
    public static final double DEFAULT_TAU = TAU.defaultValue();

    public MirostatSampler {
        TAU.check(SECTION, tau);
        ETA.check(SECTION, eta);
    }

    static MirostatSampler from(PluginConfig config) {
        return new MirostatSampler(config.get(TAU), config.get(ETA));
    }

    @Override
    public Sampler start() {
        return new Run(tau, eta);
    }

    /** Without {@link #start}, e.g. when asked for one step's distribution: the truncation at the first step's bound. */
    @Override
    public void reshape(float[] logits, int[] history) {
        truncate(logits, 2 * tau);
    }

    /** Drops the tokens whose surprise exceeds {@code mu}, the most likely one always kept; returns the kept probabilities. */
    static double[] truncate(float[] logits, double mu) {
        double[] probabilities = Logits.softmax(logits);
        int best = Logits.argmax(logits);
        boolean[] keep = new boolean[logits.length];
        double kept = 0;
        for (int i = 0; i < logits.length; i++) {
            keep[i] = i == best || -log2(probabilities[i]) <= mu;
            kept += keep[i] ? probabilities[i] : 0;
        }
        Logits.keepOnly(logits, keep);
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = keep[i] ? probabilities[i] / kept : 0;
        }
        return probabilities;
    }

    static double log2(double p) {
        return Math.log(p) / Math.log(2);
    }

    /** One text's mirostat: its bound {@code mu} and the distribution it last sampled from. */
    static final class Run implements Sampler {
        private final double tau;
        private final double eta;
        private double mu;
        private double[] lastKept;
        private int lastLength = -1;

        Run(double tau, double eta) {
            this.tau = tau;
            this.eta = eta;
            this.mu = 2 * tau;
        }

        double mu() {
            return mu;
        }

        @Override
        public void reshape(float[] logits, int[] history) {
            if (lastKept != null && history.length == lastLength + 1) {
                double chosen = lastKept[history[history.length - 1]];
                if (chosen > 0) {
                    mu -= eta * (-log2(chosen) - tau);
                }
            }
            lastKept = truncate(logits, mu);
            lastLength = history.length;
        }
    }
}
