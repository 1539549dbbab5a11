package org.minigpt.api.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SamplerChainTest {
    @Test
    void stepsReshapeInOrderAndTheLastOnePicks() {
        List<String> calls = new ArrayList<>();
        Sampler halve = new Sampler() {
            @Override
            public void reshape(float[] logits, int[] history) {
                calls.add("halve");
                logits[0] /= 2;
            }
        };
        Sampler addHistoryLength = new Sampler() {
            @Override
            public void reshape(float[] logits, int[] history) {
                calls.add("add");
                logits[0] += history.length;
            }

            @Override
            public int pick(float[] logits, RandomGenerator rng) {
                calls.add("pick " + logits[0]);
                return 1;
            }
        };
        float[] logits = {8f, 0f};
        assertEquals(1, new SamplerChain(List.of(halve, addHistoryLength)).next(logits, new int[3], new SplittableRandom(1)));
        assertEquals(List.of("halve", "add", "pick 7.0"), calls);
        assertArrayEquals(new float[] {8f, 0f}, logits, "the caller's logits are untouched");
    }

    @Test
    void aChainOfReshapersEndsWithADrawFromTheSoftmax() {
        Sampler dropFirst = new Sampler() {
            @Override
            public void reshape(float[] logits, int[] history) {
                logits[0] = Float.NEGATIVE_INFINITY;
            }
        };
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            assertEquals(1, new SamplerChain(List.of(dropFirst)).next(new float[] {5f, 0f}, new int[0], rng));
        }
    }

    @Test
    void settingsThatBanEveryTokenAreAnErrorNotAToken() {
        Sampler banAll = new Sampler() {
            @Override
            public void reshape(float[] logits, int[] history) {
                java.util.Arrays.fill(logits, Float.NEGATIVE_INFINITY);
            }
        };
        SamplerChain chain = new SamplerChain(List.of(banAll));
        org.minigpt.api.MinigptException e = org.junit.jupiter.api.Assertions.assertThrows(org.minigpt.api.MinigptException.class,
                () -> chain.next(new float[] {1, 2, 3}, new int[0], new SplittableRandom(1)));
        assertEquals("the sampler settings leave no token to choose: every token's logit is -inf (e.g. logit-bias bans them all);"
                + " allow at least one", e.getMessage());
    }
}
