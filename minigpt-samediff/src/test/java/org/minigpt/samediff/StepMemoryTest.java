package org.minigpt.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minigpt.api.MinigptException;
import org.minigpt.samediff.graph.GptOptions;
import org.minigpt.samediff.graph.StepMemory;

class StepMemoryTest {
    private static final GptOptions TUTORIAL = new GptOptions(4, 4, 128, 64, 0.1);
    private static final GptOptions NANOGPT = new GptOptions(6, 6, 384, 256, 0.2);

    @Test
    void theEstimatesMatchThePeaksMeasuredWithinAFifth() {
        // Peak RSS of bin/minigpt bench: 580 MiB for the tutorial's model, 7,846 MiB for nanoGPT's (the README's Benchmarks).
        double tutorial = 580L << 20;
        double nanoGpt = 7_846L << 20;
        assertEquals(tutorial, StepMemory.of(TUTORIAL, 65, 818_176, 32).bytes(), 0.2 * tutorial);
        assertEquals(nanoGpt, StepMemory.of(NANOGPT, 256, 10_942_464, 64).bytes(), 0.2 * nanoGpt);
    }

    @Test
    void memoryGrowsWithTheBatchAndFasterWithTheContext() {
        long base = StepMemory.of(NANOGPT, 256, 10_942_464, 32).bytes();
        long twiceTheBatch = StepMemory.of(NANOGPT, 256, 10_942_464, 64).bytes();
        long twiceTheContext = StepMemory.of(new GptOptions(6, 6, 384, 512, 0.2), 256, 10_942_464, 32).bytes();
        assertTrue(twiceTheBatch > 1.8 * base && twiceTheBatch < 2 * base, base + " " + twiceTheBatch);
        assertTrue(twiceTheContext > twiceTheBatch, "attention's scores grow with the square of the context");
    }

    @Test
    void aStepOverTheBudgetIsOneLineNamingWhatToLower() {
        StepMemory nanoGpt = StepMemory.of(NANOGPT, 256, 10_942_464, 64);
        nanoGpt.requireWithin(0); // no budget: anything goes
        nanoGpt.requireWithin(16L << 30);
        MinigptException refused = assertThrows(MinigptException.class, () -> nanoGpt.requireWithin(4L << 30));
        assertTrue(refused.getMessage().matches("a training step of this model needs about \\d+\\.\\d GB \\(train.batch_size 64,"
                + " model.context_length 256\\), more than the 4.3 GB this process may use; lower model.context_length or"
                + " train.batch_size, or raise the budget, e.g. MINIGPT_JAVA_OPTS=\"-Dorg.bytedeco.javacpp.maxphysicalbytes=\\d+g\""),
                refused.getMessage());
    }
}
