package org.minigpt.api.sampler;

import java.util.Comparator;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/** Small numeric helpers that samplers share: argmax, softmax and drawing from a distribution. */
public final class Logits {
    private Logits() {
    }

    /** The index of the largest value; the first one on ties. */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Probabilities {@code softmax(logits)}, computed in double after subtracting the
     * maximum so large logits do not overflow. Entries of {@code -Infinity} get probability 0.
     */
    public static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double[] probabilities = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = Math.exp(logits[i] - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] /= sum;
        }
        return probabilities;
    }

    /** Draws an index with the given probabilities (which sum to 1). */
    public static int draw(double[] probabilities, RandomGenerator rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] > 0) {
                cumulative += probabilities[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last; // u fell past the sum through rounding
    }

    /** Sets every logit except those at {@code keep}'s true positions to {@code -Infinity}. */
    public static void keepOnly(float[] logits, boolean[] keep) {
        for (int i = 0; i < logits.length; i++) {
            if (!keep[i]) {
                logits[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /**
     * Keeps the tokens of {@code order}, taken in that order, until their probabilities sum to at least
     * {@code mass}, and drops the rest (nucleus and locally typical sampling differ only in the order).
     */
    public static void keepUntilMass(float[] logits, double[] probabilities, int[] order, double mass) {
        boolean[] keep = new boolean[logits.length];
        double held = 0;
        for (int id : order) {
            keep[id] = true;
            held += probabilities[id];
            if (held >= mass) {
                break;
            }
        }
        keepOnly(logits, keep);
    }

    /** Token ids ordered by logit, largest first; ties by lower id. */
    public static int[] rankByLogit(float[] logits) {
        return IntStream.range(0, logits.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
    }
}
