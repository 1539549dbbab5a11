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
    private static final long NANOGPT_PARAMETERS = 10_942_464;

    @Test
    void theEstimatesMatchThePeaksMeasuredWithinATenth() {
        // Peak RSS (MiB) of bin/minigpt bench on two threads, by micro-batches (docs/platforms-and-memory.md).
        assertWithinATenth(617, StepMemory.of(TUTORIAL, 65, 818_176, 32, 1));
        assertWithinATenth(544, StepMemory.of(TUTORIAL, 65, 818_176, 32, 2));
        assertWithinATenth(7_761, StepMemory.of(NANOGPT, 256, NANOGPT_PARAMETERS, 64, 1));
        assertWithinATenth(4_530, StepMemory.of(NANOGPT, 256, NANOGPT_PARAMETERS, 64, 2));
        assertWithinATenth(2_795, StepMemory.of(NANOGPT, 256, NANOGPT_PARAMETERS, 64, 4));
    }

    @Test
    void memoryGrowsWithTheBatchAndFasterWithTheContextAndFallsWithMicroBatches() {
        long base = StepMemory.of(NANOGPT, 256, NANOGPT_PARAMETERS, 32).bytes();
        long twiceTheBatch = StepMemory.of(NANOGPT, 256, NANOGPT_PARAMETERS, 64).bytes();
        long twiceTheContext = StepMemory.of(new GptOptions(6, 6, 384, 512, 0.2), 256, NANOGPT_PARAMETERS, 32).bytes();
        assertTrue(twiceTheBatch > 1.6 * base && twiceTheBatch < 2 * base, base + " " + twiceTheBatch);
        assertTrue(twiceTheContext > twiceTheBatch, "attention's scores grow with the square of the context");
        long two = StepMemory.of(NANOGPT, 256, NANOGPT_PARAMETERS, 64, 2).bytes();
        assertEquals(base + 4 * NANOGPT_PARAMETERS, two, "two micro-batches hold half the rows and a sum of the gradients");
        assertTrue(StepMemory.of(NANOGPT, 256, NANOGPT_PARAMETERS, 64, 4).bytes() < two);
    }

    @Test
    void aStepOverTheBudgetIsOneLineNamingTheMicroBatchesThatFitAndWhatElseToLower() {
        StepMemory.require(NANOGPT, 256, NANOGPT_PARAMETERS, 64, 1, 0); // no budget: anything goes
        StepMemory.require(NANOGPT, 256, NANOGPT_PARAMETERS, 64, 1, 16L << 30);
        MinigptException refused = assertThrows(MinigptException.class,
                () -> StepMemory.require(NANOGPT, 256, NANOGPT_PARAMETERS, 64, 1, 4L << 30));
        assertTrue(refused.getMessage().matches("a training step of this model needs about \\d+\\.\\d GB \\(train.batch_size 64,"
                + " model.context_length 256\\), more than the 4.3 GB this process may use; set train.micro_batches=4 \\(about"
                + " \\d\\.\\d GB, the same step\\), lower model.context_length or train.batch_size, or raise the budget, e.g."
                + " MINIGPT_JAVA_OPTS=\"-Dorg.bytedeco.javacpp.maxphysicalbytes=\\d+g\""), refused.getMessage());
        MinigptException nothingFits = assertThrows(MinigptException.class,
                () -> StepMemory.require(NANOGPT, 256, NANOGPT_PARAMETERS, 64, 2, 1L << 30));
        assertTrue(nothingFits.getMessage().contains("(train.batch_size 64 in 2 micro-batches, model.context_length 256)"
                + ", more than the 1.1 GB this process may use; raise train.micro_batches, lower"), nothingFits.getMessage());
    }

    private static void assertWithinATenth(long measuredMegabytes, StepMemory estimate) {
        double measured = measuredMegabytes << 20;
        assertEquals(measured, estimate.bytes(), 0.1 * measured, "estimated " + (estimate.bytes() >> 20) + " MiB");
    }
}
