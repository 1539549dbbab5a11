package org.minigpt.samediff;

import org.minigpt.samediff.graph.GptOptions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.samediff.optimizers.adamw.AdamWOptimizerFactory;
import org.nd4j.linalg.api.buffer.DataType;

/** The key/value cache gives the logits the full graph gives, one position at a time. */
class CachedDecoderTest {
    private static final float TOLERANCE = 1e-4f;

    private static float[] fresh(GptModel model, int[] context) {
        return model.graphLogits(context); // no cache: the full graph on the context
    }

    private static int[] randomTokens(int length, int vocab, long seed) {
        return new SplittableRandom(seed).ints(length, 0, vocab).toArray();
    }

    @Test
    void eachCachedStepMatchesTheFullGraphOnTheWholeContext() {
        GptModel model = GptModelFactory.create(new GptOptions(2, 2, 16, 8, 0.1), 11, 5, DataType.FLOAT);
        int[] tokens = randomTokens(8, 11, 1);
        float[][] cached = new float[tokens.length][];
        for (int length = 1; length <= tokens.length; length++) {
            cached[length - 1] = model.nextTokenLogits(Arrays.copyOf(tokens, length)); // from the second on: one position
        }
        for (int length = 1; length <= tokens.length; length++) {
            assertArrayEquals(fresh(model, Arrays.copyOf(tokens, length)), cached[length - 1], TOLERANCE, "length " + length);
        }
    }

    @Test
    void everyPositionOfAWindowAgreesWithTheGraphToOneInAHundredThousand() {
        GptModel model = GptModelFactory.create(new GptOptions(3, 4, 32, 16, 0.1), 17, 21, DataType.FLOAT);
        int[] window = randomTokens(16, 17, 3);
        for (int length = 1; length <= window.length; length++) {
            int[] context = Arrays.copyOf(window, length);
            assertArrayEquals(fresh(model, context), model.nextTokenLogits(context), 1e-5f, "position " + (length - 1));
        }
    }

    @Test
    void aPromptComputedAtOnceMatchesTheFullGraph() {
        GptModel model = GptModelFactory.create(new GptOptions(2, 4, 32, 16, 0.1), 13, 8, DataType.FLOAT);
        for (int length : new int[] {1, 2, 7, 16}) {
            int[] prompt = randomTokens(length, 13, 10 + length);
            model.weightsChanged();
            assertArrayEquals(fresh(model, prompt), model.nextTokenLogits(prompt), TOLERANCE, "prompt of " + length);
        }
    }

    @Test
    void aTrainingStepReachesTheCachedPath() {
        GptModel model = GptModelFactory.create(new GptOptions(1, 2, 16, 8, 0), 11, 5, DataType.FLOAT);
        int[] tokens = randomTokens(3, 11, 2);
        model.nextTokenLogits(Arrays.copyOf(tokens, 2));
        float[] before = model.nextTokenLogits(tokens);
        var trainer = model.trainer(new AdamWOptimizerFactory().create(Config.empty().section("optimizer")), 1, 1);
        trainer.step(new Batch(1, 8, randomTokens(8, 11, 3), randomTokens(8, 11, 4)), new TrainingStep(0, 0.01, 1));
        model.nextTokenLogits(Arrays.copyOf(tokens, 2));
        float[] after = model.nextTokenLogits(tokens);
        assertFalse(Arrays.equals(before, after), "the decoder reads the trained weights, not a copy");
        assertArrayEquals(fresh(model, tokens), after, TOLERANCE);
    }

    @Test
    void pastTheWindowTheCacheRestartsFromItsLastHalf() {
        GptModel model = GptModelFactory.create(new GptOptions(2, 2, 16, 8, 0), 11, 5, DataType.FLOAT);
        int[] tokens = randomTokens(14, 11, 5);
        float[][] cached = new float[tokens.length + 1][];
        for (int length = 1; length <= tokens.length; length++) {
            cached[length] = model.nextTokenLogits(Arrays.copyOf(tokens, length));
        }
        // 9 tokens: the full cache of 8 restarts with the last 4 (tokens 5-8); 10 to 13 continue from it.
        for (int length = 9; length <= 13; length++) {
            int[] tail = Arrays.copyOfRange(tokens, 5, length);
            assertArrayEquals(fresh(model, tail), cached[length], TOLERANCE, "length " + length);
        }
        // 14: the restarted cache is full again (tokens 5-12 at positions 0-7); it restarts with tokens 10-13.
        assertArrayEquals(fresh(model, Arrays.copyOfRange(tokens, 10, 14)), cached[14], TOLERANCE);
    }

    @Test
    void twoSequencesInTurnsKeepTheirOwnCaches() {
        GptModel model = GptModelFactory.create(new GptOptions(1, 2, 16, 8, 0), 11, 5, DataType.FLOAT);
        int[] a = randomTokens(6, 11, 6);
        int[] b = randomTokens(6, 11, 7);
        float[] lastA = null;
        float[] lastB = null;
        for (int length = 1; length <= 6; length++) {
            lastA = model.nextTokenLogits(Arrays.copyOf(a, length));
            lastB = model.nextTokenLogits(Arrays.copyOf(b, length));
        }
        assertArrayEquals(fresh(model, a), lastA, TOLERANCE);
        assertArrayEquals(fresh(model, b), lastB, TOLERANCE);
    }
}
