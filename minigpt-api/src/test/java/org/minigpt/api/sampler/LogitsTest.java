package org.minigpt.api.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogitsTest {
    @Test
    void argmaxPicksTheFirstLargest() {
        assertEquals(2, Logits.argmax(new float[] {1, 3, 5, 5, -2}));
    }

    @Test
    void softmaxIsStableForLargeLogitsAndSumsToOne() {
        double[] p = Logits.softmax(new float[] {1000, 1000, Float.NEGATIVE_INFINITY});
        assertEquals(0.5, p[0], 1e-12);
        assertEquals(0.5, p[1], 1e-12);
        assertEquals(0.0, p[2], 0.0);
    }

    @Test
    void drawFollowsTheProbabilities() {
        double[] p = {0.2, 0.0, 0.8};
        int[] counts = new int[3];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            counts[Logits.draw(p, rng)]++;
        }
        assertEquals(0, counts[1]);
        assertEquals(0.2, counts[0] / 20_000.0, 0.015);
    }

    @Test
    void keepUntilMassTakesTheGivenOrderUntilItHoldsTheMass() {
        float no = Float.NEGATIVE_INFINITY;
        double[] p = {0.1, 0.5, 0.4};
        float[] logits = {1, 2, 3};
        Logits.keepUntilMass(logits, p, new int[] {2, 0, 1}, 0.45); // 0.4, then 0.1: 0.5 >= 0.45
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, no, 3}, logits);
        float[] all = {1, 2, 3};
        Logits.keepUntilMass(all, p, new int[] {1, 2, 0}, 1.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 2, 3}, all);
    }
}
