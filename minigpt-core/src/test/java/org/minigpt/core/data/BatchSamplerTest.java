package org.minigpt.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minigpt.api.model.Batch;

class BatchSamplerTest {
    private static final int[] TOKENS = java.util.stream.IntStream.range(0, 1000).toArray();

    @Test
    void targetsAreTheInputsShiftedByOneTokenOfTheText() {
        Batch batch = new BatchSampler(TOKENS, 16, 8, 1).batch(0);
        assertEquals(8, batch.size());
        assertEquals(16, batch.length());
        for (int row = 0; row < 8; row++) {
            int start = batch.inputs()[row * 16];
            for (int i = 0; i < 16; i++) {
                assertEquals(start + i, batch.inputs()[row * 16 + i], "inputs are a contiguous window");
                assertEquals(start + i + 1, batch.targets()[row * 16 + i], "targets are shifted by one");
            }
        }
    }

    @Test
    void theSameSeedAndIndexGiveTheSameBatchInAnyOrderAndWindowsCoverTheText() {
        BatchSampler first = new BatchSampler(TOKENS, 10, 4, 99);
        BatchSampler second = new BatchSampler(TOKENS, 10, 4, 99);
        Set<Integer> starts = new HashSet<>();
        for (int i = 0; i < 2000; i++) { // 8,000 windows: each of the 990 offsets is drawn
            Batch a = first.batch(i);
            assertArrayEquals(a.inputs(), second.batch(i).inputs());
            assertArrayEquals(a.inputs(), second.batch(i).inputs(), "drawing a batch again gives it again");
            for (int row = 0; row < 4; row++) {
                starts.add(a.inputs()[row * 10]);
            }
        }
        assertTrue(starts.contains(0) && starts.contains(989), "first and last windows are drawn");
        assertTrue(starts.stream().allMatch(s -> s >= 0 && s <= 989), "every window fits, with its target");
        assertTrue(starts.size() > 800, "offsets are spread: " + starts.size());
    }

    @Test
    void differentIndicesAndSeedsGiveDifferentBatches() {
        BatchSampler sampler = new BatchSampler(TOKENS, 10, 4, 99);
        assertTrue(!java.util.Arrays.equals(sampler.batch(0).inputs(), sampler.batch(1).inputs()));
        assertTrue(!java.util.Arrays.equals(sampler.batch(7).inputs(), new BatchSampler(TOKENS, 10, 4, 100).batch(7).inputs()));
    }

    @Test
    void splitKeepsTheTailForValidation() {
        TokenSplit split = TokenSplit.of(TOKENS, 0.1, 11);
        assertEquals(900, split.train().length());
        assertEquals(100, split.validation().length());
        assertEquals(900, split.validation().toArray(0, 1)[0]);
    }
}
