package org.minigpt.example.norepeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minigpt.api.contract.SamplerContract;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.sampler.SamplerFactory;

class NoRepeatSamplerTest extends SamplerContract {
    @Override
    protected SamplerFactory factory() {
        return new NoRepeatSamplerFactory();
    }

    @Test
    void neverPicksTheLastTokenAgain() {
        SamplerChain chain = new SamplerChain(List.of(new NoRepeatSampler(1)));
        float[] logits = {0f, 9f, 0f}; // token 1 is by far the likeliest
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            assertNotEquals(1, chain.next(logits, new int[] {0, 1}, rng));
        }
    }

    @Test
    void dropsNothingWhenEveryTokenWasRecent() {
        float[] logits = {1f, 2f};
        new NoRepeatSampler(5).reshape(logits, new int[] {0, 1});
        assertArrayEquals(new float[] {1f, 2f}, logits);
    }
}
